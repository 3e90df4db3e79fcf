/** A tiny element builder: the popup's markup stays readable without a framework. */

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
 * Replaces a list's children, keeping keyboard focus on the control with the same
 * `data-key`, so re-rendering every second never throws a keyboard user back to the top.
 */
export function replaceKeepingFocus(container: HTMLElement, children: Node[]): void {
  const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  container.replaceChildren(...children);
  if (focusedKey) container.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
}
