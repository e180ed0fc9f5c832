import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

/** Appends a dated section to a Markdown results file (created with `title`), kept in Prettier's style. */
export async function appendResultsSection(file: string, title: string, section: string): Promise<void> {
  const header = existsSync(file) ? '' : `${title}\n\n`;
  await appendFile(file, `${header}${section}\n`);
  // Kept in the project's Markdown style, so that `npm run lint` passes after a run.
  const text = await readFile(file, 'utf8');
  const style = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(text, { ...style, parser: 'markdown' }));
}
