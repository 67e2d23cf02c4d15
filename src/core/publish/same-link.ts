import { normaliseLink } from '../feed/normalise-link.ts';

/** Whether a link found on a timeline is the item's link (normalised; never throws). */
export function sameLink(found: string | undefined, wanted: string): boolean {
  if (found === undefined) return false;
  try {
    return normaliseLink(found) === normaliseLink(wanted);
  } catch {
    return false;
  }
}
