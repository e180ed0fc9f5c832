import { uploaderPage, uploaderRefusalPage } from '../../client/server/uploader/page';

const form = {
  url: 'https://support-files.s3.amazonaws.com/',
  fields: {
    key: 'tickets/7/uploads/${filename}',
    success_action_redirect: 'https://x/uploads/a.b/finished?"x',
  },
  expiresAt: 0,
};

describe('S5 uploader page', () => {
  test('every policy field is a hidden input before the file input, values escaped', () => {
    const html = uploaderPage({
      ticketId: 7,
      form,
      maxBytes: '5.0 GB',
      uploaderExpiresAt: 0,
      nonce: 'n0nce',
    });
    const key = html.indexOf('name="key"');
    const redirect = html.indexOf('name="success_action_redirect"');
    const file = html.indexOf('name="file"');
    expect(key).toBeGreaterThan(0);
    expect(redirect).toBeGreaterThan(key);
    expect(file).toBeGreaterThan(redirect);
    expect(html).toContain('value="https://x/uploads/a.b/finished?&quot;x"');
    expect(html).toContain('<script nonce="n0nce">');
  });

  test('a received file name is shown as text, never markup', () => {
    const html = uploaderPage({
      ticketId: 7,
      form,
      maxBytes: '5.0 GB',
      uploaderExpiresAt: 0,
      nonce: 'n',
      received: '<img src=x onerror=alert(1)>.log',
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.log');
    expect(uploaderRefusalPage('<b>no</b>')).toContain('&lt;b&gt;no&lt;/b&gt;');
  });
});
