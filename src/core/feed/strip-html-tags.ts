import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Elements whose boundaries separate words, so removing them must leave a space behind. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);

/** Elements whose content is never text a reader should see. */
const HIDDEN_CONTENT = new Set(['script', 'style', 'template', 'noscript']);

/** No name in the two sets above is longer; longer names are not lower-cased at all. */
const LONGEST_NAME = 10;

/** A `<!` or `<?` with no `>` after it: an unterminated comment or declaration runs to the end. */
const UNTERMINATED_MARKUP = /<[!?]/;

function ignore(): void {}

/**
 * Removes HTML markup from a title, keeping its text.
 *
 * Why htmlparser2's tokenizer: it splits tags, comments, declarations and raw-text elements the way
 * the HTML spec does (quoted `>` inside attributes, `<!-->`, `</script >`), in one linear pass, so
 * attacker-controlled titles such as `<a<a<a…` or thousands of `<!--` cost no more than their length.
 * Only the tokenizer is used, not the tree builder: its element stack would make a run of unmatched
 * end tags quadratic. Entities are left alone here; `decodeHtmlEntities` decodes them once, after.
 *
 * What is Herald's own on top: block-level boundaries become spaces; `script`/`style`/`template`/
 * `noscript` content is dropped; CDATA markers are unwrapped first so HTML inside them is stripped
 * too (the tokenizer would read a CDATA section in HTML as a comment and drop the text). And a `<`
 * that can never start a tag is text: after the last `>` no tag can close, so that tail is kept as
 * written (`Broken <b markup`), where a browser would drop everything from the unterminated tag on;
 * an unterminated `<!--`, `<!` or `<?` still drops the rest, as before. Text inside elements the
 * tokenizer reads raw (`xmp`, `textarea`, `plaintext`, `title`) is kept as written, as a browser
 * shows it.
 */
export function stripHtmlTags(input: string): string {
  if (!input.includes('<')) return input;
  const text = input.replaceAll('<![CDATA[', '').replaceAll(']]>', '');
  const head = text.slice(0, text.lastIndexOf('>') + 1);
  let out = '';
  // Open hidden elements per name, so `</template>` cannot end a `<noscript>`; any open one hides text.
  const openHidden = new Map<string, number>();
  let hiddenDepth = 0;
  let openName = '';
  let inOpenTag = false;
  let unterminatedComment = false;
  const nameAt = (start: number, end: number) => (end - start > LONGEST_NAME ? '' : head.slice(start, end).toLowerCase());
  const endOpenTag = () => {
    inOpenTag = false;
    if (hiddenDepth === 0 && BLOCK_ELEMENTS.has(openName)) out += ' ';
    if (HIDDEN_CONTENT.has(openName)) {
      openHidden.set(openName, (openHidden.get(openName) ?? 0) + 1);
      hiddenDepth += 1;
    }
  };
  const callbacks: TokenizerCallbacks = {
    ontext(start, end) {
      if (hiddenDepth === 0) out += head.slice(start, end);
    },
    onopentagname(start, end) {
      openName = nameAt(start, end);
      inOpenTag = true;
    },
    onopentagend: endOpenTag,
    onselfclosingtag: endOpenTag,
    onclosetag(start, end) {
      const name = nameAt(start, end);
      const open = openHidden.get(name) ?? 0;
      if (open > 0) {
        openHidden.set(name, open - 1);
        hiddenDepth -= 1;
      }
      if (hiddenDepth === 0 && BLOCK_ELEMENTS.has(name)) out += ' ';
    },
    // A comment closed by `-->` ends at its `>`, inside `head`; only one cut off by the end of
    // `head` is reported as ending at `head.length`.
    oncomment(_start, end) {
      if (end === head.length) unterminatedComment = true;
    },
    oncdata: ignore,
    ondeclaration: ignore,
    onprocessinginstruction: ignore,
    onattribname: ignore,
    onattribdata: ignore,
    onattribentity: ignore,
    onattribend: ignore,
    ontextentity: ignore,
    onend: ignore,
  };
  const tokenizer = new Tokenizer({ decodeEntities: false }, callbacks);
  tokenizer.write(head);
  tokenizer.end();
  // The tail belongs to whatever `head` left open: a tag with a quoted `>`, a comment, hidden content.
  if (inOpenTag || unterminatedComment || hiddenDepth > 0) return out;
  const tail = text.slice(head.length);
  const cut = tail.search(UNTERMINATED_MARKUP);
  return out + (cut === -1 ? tail : tail.slice(0, cut));
}
