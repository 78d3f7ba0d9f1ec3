/**
 * Element building without HTML parsing: attributes through setAttribute, text through text nodes. Values
 * from the API (keys, URLs, names) therefore stay text, whatever they contain.
 */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    // Handlers go through addEventListener; the CSP would block inline ones anyway.
    if (/^on/i.test(name)) throw new Error(`inline handler ${name} refused`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export function button(label: string, attrs: Attrs, onClick: (ev: MouseEvent) => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** The VS Code context of an element, read by webview/context menus (`webviewSection`, `sceneUrl`). */
export function setMenuContext(el: HTMLElement, context: Record<string, string | boolean>): void {
  el.dataset.vscodeContext = JSON.stringify(context);
}

/** Whether a key press belongs to a text field (shortcuts must not steal typing). */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
