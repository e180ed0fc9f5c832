import { parseSlaPolicy, SlaPolicyError, type SlaPolicy } from './policy';
import policy20261123 from './policies/2026-11-23.json';
import policy20261201 from './policies/2026-12-01.json';

/**
 * Every SLA policy version the service knows. New tickets run on `current`; a ticket keeps the
 * version it started on until `partner-support policy rollout` moves it, so older versions stay
 * here for as long as any ticket may still run on them.
 */
export interface SlaPolicyCatalog {
  current: string;
  versions: Record<string, SlaPolicy>;
}

/** The shipped documents, oldest first. Adding a version: add its JSON here and move `CURRENT`. */
const shippedDocuments: unknown[] = [policy20261123, policy20261201];
const CURRENT_VERSION = '2026-12-01';

export class UnknownSlaPolicyVersionError extends Error {
  constructor(
    readonly version: string,
    readonly known: string[],
  ) {
    super(`Unknown SLA policy version "${version}" (known: ${known.join(', ')})`);
    this.name = 'UnknownSlaPolicyVersionError';
  }
}

/** Validates policy documents into a catalog: each valid, versions unique, `current` among them. */
export function buildSlaPolicyCatalog(documents: unknown[], current: string): SlaPolicyCatalog {
  const versions: Record<string, SlaPolicy> = {};
  const problems: string[] = [];
  documents.forEach((document, index) => {
    let policy: SlaPolicy;
    try {
      policy = parseSlaPolicy(document);
    } catch (err) {
      if (!(err instanceof SlaPolicyError)) throw err;
      problems.push(...err.problems.map((problem) => `document ${index + 1}: ${problem}`));
      return;
    }
    if (Object.hasOwn(versions, policy.version)) {
      problems.push(`document ${index + 1}: version "${policy.version}" appears more than once`);
      return;
    }
    versions[policy.version] = policy;
  });
  if (problems.length === 0 && !Object.hasOwn(versions, current)) {
    problems.push(
      `current version "${current}" is not among the documents (${Object.keys(versions).join(', ')})`,
    );
  }
  if (problems.length > 0) throw new SlaPolicyError(problems);
  return { current, versions };
}

/** The catalog of the policy files shipped in `domain/sla/policies/`. */
export function loadSlaPolicyCatalog(): SlaPolicyCatalog {
  return buildSlaPolicyCatalog(shippedDocuments, CURRENT_VERSION);
}

/** One version of the catalog; an unknown version is an error naming the known ones. */
export function policyByVersion(catalog: SlaPolicyCatalog, version: string): SlaPolicy {
  if (!Object.hasOwn(catalog.versions, version)) {
    throw new UnknownSlaPolicyVersionError(version, Object.keys(catalog.versions));
  }
  return catalog.versions[version];
}

/** The version new tickets run on. */
export const currentPolicy = (catalog: SlaPolicyCatalog): SlaPolicy =>
  policyByVersion(catalog, catalog.current);
