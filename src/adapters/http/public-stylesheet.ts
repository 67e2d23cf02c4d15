/**
 * The public page's one stylesheet, served as /public.css (the CSP allows styles from the page's
 * own origin only). No framework and no web fonts: system fonts, phones first, usable at 320 px,
 * every colour pair at WCAG AA contrast or better, and each verdict shown by its word as well as
 * its colour (and a symbol), so colour is never the only signal.
 */
export const PUBLIC_STYLESHEET = `
:root {
  --ink: #14161a; --muted: #4a4f57; --paper: #ffffff; --wash: #f3f5f4; --line: #d5dad7;
  --brand: #00f782; --night: #0c0d0f; --link: #00653a; --focus: #1a56db;
  --ok-bg: #e3f6ea; --ok-ink: #0b4a27; --ok-edge: #117a3e;
  --info-bg: #e8effc; --info-ink: #1c3a78; --info-edge: #2f5fc4;
  --warn-bg: #fff3dc; --warn-ink: #6a3a00; --warn-edge: #a45a00;
  --bad-bg: #fdeaea; --bad-ink: #7a1410; --bad-edge: #b3261e;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere;
}
a { color: var(--link); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: 0.5rem 1rem; }
.skip:focus { left: 0.5rem; z-index: 1; }
.site { background: var(--night); color: #fff; border-bottom: 4px solid var(--brand); }
.site-inner, main, .foot { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.site-inner { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1.25rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.brand { color: #fff; font-weight: 700; text-decoration: none; letter-spacing: 0.01em; }
.brand span { color: var(--brand); }
.site nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.site nav a { color: #fff; }
.site nav a[aria-current="page"] { color: var(--brand); }
main { padding-top: 1.25rem; padding-bottom: 2rem; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.2rem; line-height: 1.3; margin: 1.75rem 0 0.5rem; }
.lede { color: var(--muted); margin-top: 0; }
.announcements { list-style: none; margin: 0; padding: 0; }
.announcement { border-top: 1px solid var(--line); padding: 0.9rem 0; }
.announcement h2 { margin: 0 0 0.25rem; font-size: 1.1rem; }
.meta { color: var(--muted); font-size: 0.95rem; margin: 0; }
.url { color: var(--muted); font-size: 0.9rem; margin: 0.15rem 0 0.4rem; }
.posts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; }
.tag { display: inline-block; border: 1px solid var(--warn-edge); background: var(--warn-bg); color: var(--warn-ink); border-radius: 0.25rem; padding: 0 0.35rem; font-size: 0.85rem; }
.pages { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; border-top: 1px solid var(--line); padding-top: 0.9rem; }
.channels { background: var(--wash); border-radius: 0.5rem; padding: 0.25rem 1rem 0.75rem; margin-top: 2rem; }
.channels dl { margin: 0; }
.channels dt { font-weight: 700; margin-top: 0.6rem; }
.channels dd { margin: 0; }
.channels ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.1rem 1rem; }
form.check { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0 1rem; }
form.check label { flex-basis: 100%; font-weight: 600; }
form.check input[type="text"] { flex: 1 1 14rem; min-width: 0; font: inherit; padding: 0.6rem 0.7rem; border: 2px solid var(--muted); border-radius: 0.4rem; color: var(--ink); background: var(--paper); }
form.check button { font: inherit; font-weight: 700; padding: 0.6rem 1.2rem; border: 0; border-radius: 0.4rem; background: var(--night); color: #fff; cursor: pointer; }
form.check button:hover { background: #2a2d33; }
.verdict { border: 2px solid; border-inline-start-width: 0.6rem; border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 1rem 0; }
.verdict p { margin: 0.25rem 0; }
.verdict .word { font-weight: 800; font-size: 1.25rem; text-transform: uppercase; letter-spacing: 0.03em; }
.verdict .symbol { display: inline-block; min-width: 1.4em; }
.verdict .line { font-size: 1.1rem; }
.verdict .reason, .verdict .asked { color: inherit; font-size: 0.95rem; }
.verdict code { background: rgba(255, 255, 255, 0.7); padding: 0 0.25rem; border-radius: 0.2rem; }
.v-official, .v-announcement { background: var(--ok-bg); color: var(--ok-ink); border-color: var(--ok-edge); }
.v-official-account { background: var(--info-bg); color: var(--info-ink); border-color: var(--info-edge); }
.v-unsure, .v-former, .v-retracted { background: var(--warn-bg); color: var(--warn-ink); border-color: var(--warn-edge); }
.v-unofficial, .v-lookalike { background: var(--bad-bg); color: var(--bad-ink); border-color: var(--bad-edge); }
.verdict a { color: inherit; font-weight: 600; }
.notice { border-inline-start: 0.4rem solid var(--warn-edge); background: var(--warn-bg); color: var(--warn-ink); padding: 0.5rem 0.9rem; }
.foot { color: var(--muted); font-size: 0.9rem; border-top: 1px solid var(--line); padding-top: 1rem; padding-bottom: 2rem; }
@media (min-width: 40rem) { h1 { font-size: 2rem; } }
`;
