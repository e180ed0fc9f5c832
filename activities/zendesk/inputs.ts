import { invalidInput } from './request';

/** Input checks shared by the Zendesk activities: a bad input is refused before anything is sent. */
export const isPositiveId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

export function requireId(operation: string, name: string, value: unknown): number {
  if (!isPositiveId(value)) throw invalidInput(operation, `${name} must be a positive integer id`);
  return value;
}

export function requireTags(operation: string, tags: unknown): string[] {
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || !/^\S+$/.test(tag))) {
    throw invalidInput(operation, 'tags must be a list of tags without spaces');
  }
  return tags as string[];
}
