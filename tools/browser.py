"""How the tests and the benchmark start Debian's Chromium, and the phone they pretend to be.

Playwright's own browser download does not work here, so both use /usr/bin/chromium. As root it
needs --no-sandbox; the background-networking flags stop it calling Google's hosts, which this
machine's closed network refuses (and which would count as requests leaving the site).
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A cheap phone: 390 CSS pixels wide, touch, Chinese locale.
PHONE_CONTEXT = {
    "viewport": {"width": 390, "height": 844},
    "screen": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
