from tests.web.conftest import screenshot, sign_in

def test_smoke(page, server):
    sign_in(page, server, "member")
    screenshot(page, "smoke")
