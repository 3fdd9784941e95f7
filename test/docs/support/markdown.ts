// Reads Markdown with markdown-it (the parser typedoc uses), so code blocks and links are found as a
// Markdown reader sees them: fences inside lists, links in tables, nothing inside code.
import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

const markdown = new MarkdownIt({ html: true });

/** A fenced code block: its language, its text and the line its first code line is on (1-based). */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
}

/** The fenced code blocks of a Markdown text. */
export function codeBlocks(text: string): CodeBlock[] {
  return markdown
    .parse(text, {})
    .filter((token) => token.type === 'fence')
    .map((token) => ({
      lang: token.info.trim().split(/\s+/)[0],
      code: token.content,
      line: (token.map?.[0] ?? 0) + 2,
    }));
}

/** Every link and image target of a Markdown text (inline and reference links, not code). */
export function linkTargets(text: string): string[] {
  const targets: string[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link_open') targets.push(token.attrGet('href') ?? '');
      if (token.type === 'image') targets.push(token.attrGet('src') ?? '');
      if (token.children) visit(token.children);
    }
  };
  visit(markdown.parse(text, {}));
  return targets;
}
