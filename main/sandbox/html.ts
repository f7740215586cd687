export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
table{width:100%;border-collapse:collapse;margin:1rem 0}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}
td.num,th.num{text-align:right}label{display:block;margin:.5rem 0}input{width:100%;padding:.3rem;box-sizing:border-box}
.actions{display:flex;gap:.5rem;margin-top:1rem}button{padding:.5rem 1rem}.note{color:#666}.error{color:#b00020}`;

/** A complete page; always served as text/html; charset=utf-8 so €, ¥ and é survive. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<p class="note">Quaderno Checkout — sandbox</p>
${body}
</body>
</html>`;
}
