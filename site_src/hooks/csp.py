"""Content-Security-Policy for every page (loaded through `hooks:` in mkdocs.yml).

Static hosting can't be relied on to send headers, so each page carries the policy in a
<meta http-equiv> placed before its first script. Only the site's own files may run, plus
the theme's few inline scripts, allowed one by one by their sha256 (the theme writes a
page-relative path into one of them, so the hashes are computed per page), plus
'wasm-unsafe-eval', which Pyodide needs to compile its WebAssembly. Everything else —
other hosts, inline event handlers, injected scripts, plugins, framing by another site
where the host sends the header — is refused. The build makes the header form from the same
POLICY with every page's hashes (sitebuild/headers.py → site/_headers; HOSTING.md).
"""

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# Markdown writes table alignment as a style attribute, which a strict style-src refuses.
ALIGN = re.compile(r'<(th|td) style="text-align: (left|right|center);">')

POLICY = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'{hashes}",
    "worker-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "manifest-src 'self'",
)


def script_hashes(html):
    return ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in INLINE_SCRIPT.findall(html)]


def policy_with(hashes):
    return "; ".join(POLICY).format(hashes="".join(" " + h for h in hashes))


def policy_for(html):
    return policy_with(script_hashes(html))


def secure(output):
    output = ALIGN.sub(lambda m: f'<{m.group(1)} class="align-{m.group(2)}">', output)
    # The theme's search overlay is a dialog without a name; screen readers announce it as one.
    output = output.replace('data-md-component="search" role="dialog">',
                            'data-md-component="search" role="dialog" aria-label="搜索">')
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{policy_for(output)}">'
            '<meta name="referrer" content="no-referrer">')
    return output.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + meta, 1)


def on_post_page(output, page, config):
    return secure(output)


def on_post_template(output_content, template_name, config):
    return secure(output_content) if template_name.endswith(".html") else output_content
