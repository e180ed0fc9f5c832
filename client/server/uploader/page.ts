import type { UploadForm } from '../../../activities/uploads/upload-form';

/** S5: the uploader's HTML, plain and self-contained (no external assets, one small script). */

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function layout(title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
.note{color:#555}button{font-size:1rem;padding:.4rem 1rem}</style>
</head>
<body>
${body}
${script && nonce ? `<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>
`;
}

/**
 * The upload form: S3's POST Object form, every policy field as a hidden input before `file`
 * (S3 ignores fields after it). The key's `${filename}` is S3's own substitution; the script
 * sets the same name itself, for S3-compatible servers that do not substitute (moto).
 */
export function uploaderPage(input: {
  ticketId: number;
  form: UploadForm;
  maxBytes: string;
  uploaderExpiresAt: number;
  nonce: string;
  received?: string;
}): string {
  const hidden = Object.entries(input.form.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const received = input.received
    ? `<p id="received" role="status">Received <strong>${escapeHtml(input.received)}</strong>. Thank you: it is on ticket #${input.ticketId} for our engineers. You can upload another file.</p>`
    : '';
  const body = `<h1>Upload files for ticket #${input.ticketId}</h1>
${received}
<p>Files go straight to GitLab Support's storage for this ticket, up to ${escapeHtml(input.maxBytes)} each, one at a time.</p>
<form id="upload" method="post" action="${escapeHtml(input.form.url)}" enctype="multipart/form-data">
${hidden}
<p><label for="file">File</label> <input id="file" type="file" name="file" required></p>
<p><button id="submit" type="submit">Upload</button></p>
</form>
<p class="note">This link works for ticket #${input.ticketId} only, until ${utc(input.uploaderExpiresAt)} or until the ticket is closed.</p>`;
  const script = `document.getElementById('file').addEventListener('change',function(e){var f=e.target.files[0];if(!f)return;var k=document.querySelector('input[name="key"]');k.value=k.value.slice(0,k.value.lastIndexOf('/')+1)+f.name;});`;
  return layout(`Upload files for ticket #${input.ticketId}`, body, input.nonce, script);
}

/** A refusal, for a browser: what happened and what to do. */
export function uploaderRefusalPage(message: string): string {
  return layout('Support Uploader', `<h1>Support Uploader</h1>\n<p id="refused">${escapeHtml(message)}</p>`);
}
