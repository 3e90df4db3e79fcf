/** A tiny element builder: the extension pages' markup stays readable without a framework. */

type Attributes = Record<string, string | boolean | undefined>;
type Child = Node | string | false | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * A button with a stable `data-key` (see replaceKeepingFocus), described by the element
 * whose id is `describedBy` (the item's title), so "Stop" says what it stops.
 */
export function button(
  label: string,
  key: string,
  onClick: () => void,
  options: { primary?: boolean; describedBy?: string; disabled?: boolean } = {},
): HTMLButtonElement {
  const element = h(
    'button',
    {
      type: 'button',
      class: options.primary ? 'primary' : undefined,
      'data-key': key,
      'aria-describedby': options.describedBy,
      disabled: options.disabled,
    },
    label,
  );
  element.addEventListener('click', onClick);
  return element;
}

/**
 * Replaces a list's children, keeping keyboard focus on the control with the same
 * `data-key`, so re-rendering every second never throws a keyboard user back to the top.
 */
export function replaceKeepingFocus(container: HTMLElement, children: Node[]): void {
  const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  container.replaceChildren(...children);
  if (focusedKey) container.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
}
