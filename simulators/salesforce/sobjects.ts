import type { SimRequest, SimResponse } from '../common/http-app';
import { notFound, SalesforceError } from './errors';
import { fieldDef, sobjectDef, sobjects, type SObjectDef } from './schema';
import type { SalesforceStore, SfRecord } from './store';
import { createRecord, updateRecord } from './writes';

/**
 * sObject resources (REST API Developer Guide, "sObject Basic Information", "sObject Describe",
 * "sObject Rows"): describe, retrieve (optionally `?fields=`), create (201 `{id, success, errors}`)
 * and update (PATCH, or POST with `?_HttpMethod=PATCH`; 204).
 */

const urls = (version: string, type: string) => ({
  sobject: `/services/data/${version}/sobjects/${type}`,
  describe: `/services/data/${version}/sobjects/${type}/describe`,
  rowTemplate: `/services/data/${version}/sobjects/${type}/{ID}`,
});

export function typeOf(name: string): SObjectDef {
  const def = sobjectDef(name);
  if (!def) throw notFound();
  return def;
}

const summary = (def: SObjectDef, version: string) => ({
  name: def.name,
  label: def.label,
  labelPlural: def.labelPlural,
  keyPrefix: def.keyPrefix,
  custom: false,
  createable: true,
  updateable: true,
  deletable: false,
  queryable: true,
  retrieveable: true,
  searchable: true,
  urls: urls(version, def.name),
});

export const describeGlobal = (version: string): SimResponse => ({
  status: 200,
  body: {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: Object.values(sobjects).map((def) => summary(def, version)),
  },
});

export const basicInfo = (def: SObjectDef, version: string): SimResponse => ({
  status: 200,
  body: { objectDescribe: summary(def, version), recentItems: [] },
});

export const describe = (def: SObjectDef, version: string): SimResponse => ({
  status: 200,
  body: {
    ...summary(def, version),
    fields: def.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      length: f.length ?? 0,
      nillable: f.nillable,
      createable: f.createable,
      updateable: f.updateable,
      filterable: f.filterable,
      sortable: f.filterable,
      unique: f.unique ?? false,
      externalId: f.externalId ?? false,
      custom: f.custom ?? false,
      defaultValue: f.defaultValue ?? null,
      referenceTo: f.referenceTo ? [f.referenceTo] : [],
      relationshipName: f.relationshipName ?? null,
    })),
    childRelationships: [],
    recordTypeInfos: [],
  },
});

function findRecord(store: SalesforceStore, def: SObjectDef, id: string): SfRecord {
  const record = store.get(def.name, id);
  if (!record) throw notFound();
  return record;
}

export function retrieve(
  store: SalesforceStore,
  req: SimRequest,
  def: SObjectDef,
  id: string,
  version: string,
) {
  const record = findRecord(store, def, id);
  const wanted = req.query.get('fields');
  const names = wanted
    ? wanted.split(',').map((name) => {
        const field = fieldDef(def, name.trim());
        if (!field) {
          throw new SalesforceError(
            400,
            'INVALID_FIELD',
            `No such column '${name.trim()}' on sobject of type ${def.name}`,
          );
        }
        return field.name;
      })
    : def.fields.map((f) => f.name);
  const body: Record<string, unknown> = {
    attributes: { type: def.name, url: `${urls(version, def.name).sobject}/${record.Id}` },
  };
  for (const name of names) body[name] = record[name] ?? null;
  return { status: 200, body };
}

function bodyOf(req: SimRequest): Record<string, unknown> {
  if (req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) {
    throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return req.json as Record<string, unknown>;
}

export function create(
  store: SalesforceStore,
  req: SimRequest,
  def: SObjectDef,
  runAsUserId: string,
): SimResponse {
  const record = createRecord(store, def, bodyOf(req), runAsUserId);
  return { status: 201, body: { id: record.Id, success: true, errors: [] } };
}

export function update(store: SalesforceStore, req: SimRequest, def: SObjectDef, id: string): SimResponse {
  if (req.method === 'POST' && req.query.get('_HttpMethod') !== 'PATCH') {
    throw new SalesforceError(
      405,
      'METHOD_NOT_ALLOWED',
      "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,HEAD,DELETE",
    );
  }
  updateRecord(store, def, findRecord(store, def, id), bodyOf(req));
  return { status: 204 };
}
