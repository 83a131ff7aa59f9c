# Sourced by .ci/run: Debian's Chromium for the browser tests (tests/serve/test_browser.py).
# Idempotent and quiet. If it cannot be installed the browser tests skip and say why.
if command -v chromium >/dev/null 2>&1; then
    echo "chromium already installed: $(chromium --version 2>/dev/null | head -n 1)"
elif (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
        >/tmp/spinscope-ci-chromium.log 2>&1; then
    echo "chromium installed: $(chromium --version 2>/dev/null | head -n 1)"
else
    echo "warning: could not install chromium (see /tmp/spinscope-ci-chromium.log); browser tests will skip" >&2
fi
