/** The Earshot mark and a page's title, at the top of the popup and the microphone page. */
export function Brand({ title }: { title: string }) {
  return (
    <header class="brand">
      <span class="logo" aria-hidden="true" />
      <h1>{title}</h1>
    </header>
  );
}
