/**
 * A site profile: where a portal's fiscal disclosures are listed and how to tell them apart. Start
 * URLs on the command line make a profile with the defaults; a JSON file (samples/site.example.json)
 * names the 信息公开 columns and may narrow what is followed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Words that mark a link as a fiscal disclosure, in its text or its URL. */
export const FISCAL_KEYWORDS = ['预算', '决算', '绩效', '自评', '三公', '财政', '收支', 'yusuan', 'juesuan', 'czyjs', 'ysgk', 'jsgk'];

const url = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
const regex = z.string().refine((r) => {
  try {
    new RegExp(r);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

export const SiteProfile = z
  .object({
    name: z.string().optional().describe('What the site is, for logs.'),
    start: z.array(url).min(1).describe('Listing pages to start from: the 预算/决算/绩效 columns of the portal.'),
    keywords: z.array(z.string().min(1)).optional().describe('Words a notice link must carry in its text or URL; default: FISCAL_KEYWORDS.'),
    include: z.array(regex).optional().describe('Follow only notice URLs matching one of these patterns.'),
    exclude: z.array(regex).optional().describe('Never fetch URLs matching one of these patterns.'),
    maxListingPages: z.number().int().positive().optional().describe('Pages of each listing to read (its pagination); default 50.'),
    maxNotices: z.number().int().positive().optional().describe('Notice pages to read per start page; default 500.'),
  })
  .strict()
  .describe('A portal to crawl.');
export type SiteProfile = z.infer<typeof SiteProfile>;

export class ProfileError extends Error {
  override name = 'ProfileError';
}

export function loadProfile(path: string): SiteProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ProfileError(`site profile ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const parsed = SiteProfile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new ProfileError(`site profile ${path}: ${issues}`);
  }
  return parsed.data;
}

/** The profile of start URLs given on the command line. */
export function profileOfUrls(urls: readonly string[]): SiteProfile {
  const parsed = SiteProfile.safeParse({ start: urls });
  if (!parsed.success) throw new ProfileError(`start URL: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
