import { loadWorld } from '../../simulators/fixtures/world';
import { SalesforceError } from '../../simulators/salesforce/errors';
import { evaluate } from '../../simulators/salesforce/soql/evaluate';
import { parseSoql } from '../../simulators/salesforce/soql/parser';
import { SalesforceStore } from '../../simulators/salesforce/store';

/** The Salesforce simulator's SOQL subset, evaluated over the fixture world. */
describe('simulator SOQL', () => {
  const store = new SalesforceStore(loadWorld());
  const run = (q: string) => evaluate(store, parseSoql(q), 'v62.0');
  const errorOf = (q: string): { status: number; errorCode: string } => {
    try {
      run(q);
    } catch (err) {
      if (err instanceof SalesforceError) return { status: err.status, errorCode: err.errorCode };
      throw err;
    }
    throw new Error(`no error for ${q}`);
  };

  test('relationship fields come back as nested objects with attributes', () => {
    const [alice] = run(
      "SELECT Id, Name, Account.Name, Account.Owner.Email FROM Contact WHERE Email = 'alice@acme-consulting.example'",
    );
    expect(alice).toEqual({
      attributes: { type: 'Contact', url: '/services/data/v62.0/sobjects/Contact/003000000000001AAA' },
      Id: '003000000000001AAA',
      Name: 'Alice Acme',
      Account: {
        attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001000000000001AAA' },
        Name: 'Acme Consulting',
        Owner: {
          attributes: { type: 'User', url: '/services/data/v62.0/sobjects/User/005000000000001AAA' },
          Email: 'olivia.owner@gitlab.example',
        },
      },
    });
  });

  test('field names are case-insensitive and answered in their API spelling', () => {
    const [row] = run("select id, NAME from account where id = '001000000000003AAA'");
    expect(row).toMatchObject({ Id: '001000000000003AAA', Name: 'Globex Cloud' });
  });

  test('string comparison is case-insensitive, as in SOQL', () => {
    expect(run("SELECT Id FROM Contact WHERE Email = 'ALICE@Acme-Consulting.example'")).toHaveLength(1);
  });

  test('IN, NOT IN, !=, booleans and null', () => {
    const names = (q: string) => run(q).map((r) => r.Name);
    expect(
      names("SELECT Name FROM Account WHERE Partner_Program__c IN ('Select', 'Alliance') ORDER BY Name"),
    ).toEqual(['Acme Consulting', 'Globex Cloud', 'Hooli Cloud', 'Initech Systems', 'Northwind Integrators']);
    expect(names("SELECT Name FROM Account WHERE Type = 'Customer' AND Support_Level__c = null")).toEqual([
      'Wayne Enterprises',
    ]);
    expect(
      names("SELECT Name FROM Account WHERE Type NOT IN ('Partner') AND Support_Level__c != null"),
    ).toEqual(['Umbrella Corp', 'Stark Industries']);
    expect(names('SELECT Name FROM Contact WHERE Support_Portal_User__c = false ORDER BY Name')).toEqual([
      'Dan Initech',
      'Heidi Wayne',
      'Judy Hooli',
    ]);
  });

  test('OR and parentheses; mixing AND with OR needs parentheses', () => {
    expect(
      run(
        "SELECT Id FROM Account WHERE (Name = 'Globex Cloud' OR Name = 'Umbrella Corp') AND Type = 'Partner'",
      ),
    ).toHaveLength(1);
    expect(errorOf("SELECT Id FROM Account WHERE Name = 'a' AND Type = 'b' OR Name = 'c'")).toEqual({
      status: 400,
      errorCode: 'MALFORMED_QUERY',
    });
  });

  test('LIKE with wildcards and escaped wildcards', () => {
    expect(run("SELECT Id FROM Contact WHERE Email LIKE '%@acme-consulting.example'")).toHaveLength(2);
    expect(run("SELECT Id FROM Account WHERE Name LIKE 'Acme\\_%'")).toHaveLength(0);
    expect(run("SELECT Id FROM Account WHERE Name LIKE 'Acme_Consulting'")).toHaveLength(1);
  });

  test('ORDER BY DESC with NULLS, LIMIT and OFFSET', () => {
    const names = (q: string) => run(q).map((r) => r.Name);
    const ordered = 'SELECT Name FROM Account ORDER BY Support_Level__c DESC NULLS FIRST, Name';
    expect(names(`${ordered} LIMIT 2`)).toEqual(['Wayne Enterprises', 'Hooli Cloud']);
    expect(names(`${ordered} LIMIT 3 OFFSET 1`)).toEqual([
      'Hooli Cloud',
      'Initech Systems',
      'Northwind Integrators',
    ]);
    // 'Standard' sorts after 'Priority'; DESC puts nulls last unless told otherwise.
    expect(names('SELECT Name FROM Account ORDER BY Support_Level__c DESC, Name DESC LIMIT 1')).toEqual([
      'Stark Industries',
    ]);
  });

  test('a dangling lookup answers null for the relationship', () => {
    const s = new SalesforceStore(loadWorld());
    s.all('Contact')[0].AccountId = null;
    const [row] = evaluate(
      s,
      parseSoql("SELECT Account.Name FROM Contact WHERE Id = '003000000000001AAA'"),
      'v62.0',
    );
    expect(row.Account).toBeNull();
  });

  test.each([
    ['SELECT Id FROM Contact WHERE', 'MALFORMED_QUERY'],
    ["SELECT Id FROM Contact WHERE Email = 'unterminated", 'MALFORMED_QUERY'],
    ["SELECT Id FROM Contact WHERE Email = 'bad \\q escape'", 'MALFORMED_QUERY'],
    ["SELECT Id FROM Contact WHERE Email = 'a\\%'", 'MALFORMED_QUERY'],
    ['SELECT Id, Id FROM Contact', 'MALFORMED_QUERY'],
    ['SELECT Nope FROM Contact', 'INVALID_FIELD'],
    ['SELECT Nope.Name FROM Contact', 'INVALID_FIELD'],
    ["SELECT Id FROM Task WHERE Description = 'x'", 'INVALID_FIELD'],
    ['SELECT Id FROM Opportunity', 'INVALID_TYPE'],
    ["SELECT Id FROM Account WHERE Id = 'not-an-id'", 'INVALID_QUERY_FILTER_OPERATOR'],
    ['SELECT Id FROM Contact WHERE Email = 42', 'INVALID_QUERY_FILTER_OPERATOR'],
    ["SELECT Id FROM Contact WHERE Support_Portal_User__c = 'true'", 'INVALID_QUERY_FILTER_OPERATOR'],
  ])('%s → %s', (q, errorCode) => {
    expect(errorOf(q)).toEqual({ status: 400, errorCode });
  });
});
