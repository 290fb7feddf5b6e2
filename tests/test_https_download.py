"""Downloads over HTTPS, from a server on 127.0.0.1 with a certificate made for the test."""

import hashlib
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cs231n.url_download import DownloadError, download

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """(certificate, key) of a self-signed certificate for 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.fixture
def https_server(certificate):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            try:
                self.wfile.write(PAYLOAD)
            except OSError:  # a client that refused the certificate hangs up
                pass

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}/cifar-10-python.tar.gz"
    httpd.shutdown()
    httpd.server_close()


def test_https_download_from_a_trusted_server(https_server, certificate, tmp_path, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    expected_md5 = hashlib.md5(PAYLOAD).hexdigest()
    target = download(https_server, tmp_path / "data.tar.gz", expected_md5, progress=False)
    assert target.read_bytes() == PAYLOAD
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.tar.gz"]


def test_https_server_with_an_untrusted_certificate_is_one_clear_error(
    https_server, tmp_path, monkeypatch
):
    empty_store = tmp_path / "no-authorities.pem"
    empty_store.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty_store))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    with pytest.raises(DownloadError, match="cannot reach https://127.0.0.1.*CERTIFICATE_VERIFY"):
        download(https_server, tmp_path / "data.tar.gz", progress=False, timeout=10)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["no-authorities.pem"]
