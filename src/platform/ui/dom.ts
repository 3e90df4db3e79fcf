/** A tiny element builder: the extension pages' markup stays readable without a framework. */

import morphdom from 'morphdom';

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

/** What identifies an element across renders: its `data-key`, or its item's own key. */
function keyOf(node: Node): string | undefined {
  if (!(node instanceof HTMLElement)) return undefined;
  const { key, media, recording, site } = node.dataset;
  return key ?? media ?? recording ?? site ?? (node.id || undefined);
}

/**
 * Brings a list's children up to `children`, keeping every element whose key is still
 * there (morphdom). The lists are rendered afresh on each change; replacing their nodes
 * would drop a click whose press and release fall on either side of a render (seen under
 * load: a Pause never registered) and throw a keyboard user's focus back to the top.
 * A kept button keeps its listener: its key names the action and its target. An element
 * marked `data-keep` is a slot the page fills itself (the library's section editor, which
 * holds its own state): it and what it holds are left as they are.
 */
export function replaceKeepingFocus(container: HTMLElement, children: Node[]): void {
  const next = container.cloneNode(false) as HTMLElement;
  next.append(...children);
  morphdom(container, next, {
    childrenOnly: true,
    getNodeKey: keyOf,
    onBeforeElUpdated: (from) => !from.hasAttribute('data-keep'),
  });
}
