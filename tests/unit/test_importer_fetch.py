"""remote.fetch: https only (http for loopback), limits, redirects, conditional requests."""

import gzip
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from chapterhouse.remote.fetch import Fetcher, FetchError, Limits, check_url, fetch, is_loopback
from tests.localserver import reply, serve

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def test_a_calendar_is_fetched_with_its_validators():
    routes = {
        "/cal.ics": lambda h: reply(
            h,
            200,
            CALENDAR,
            Content_Type="text/calendar",
            ETag='"v1"',
            Last_Modified="Tue, 01 Dec 2026 10:00:00 GMT",
        )
    }
    with serve(routes) as server:
        result = fetch(server.url("/cal.ics"))
    assert result.status == 200
    assert result.body == CALENDAR
    assert result.etag == '"v1"'
    assert result.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert result.content_type == "text/calendar"
    assert result.final_url == result.url == server.url("/cal.ics")
    assert not result.not_modified


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://example.org/cal.ics", "plain http:// is refused"),
        ("ftp://example.org/cal.ics", "ftp: URLs are refused"),
        ("file:///etc/passwd", "not a full https:// URL"),
        ("webcal://example.org/cal.ics", "webcal: URLs are refused"),
        ("https://example.org:99999/", "not a valid URL"),
        ("http://10.0.0.1/cal.ics", "plain http:// is refused"),
    ],
)
def test_only_https_is_accepted_except_on_this_machine(url, reason):
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "[::1]", "LOCALHOST."])
def test_loopback_hosts_may_use_plain_http(host):
    assert is_loopback(host)
    assert check_url(f"http://{host}:8000/cal.ics")


@pytest.mark.parametrize(
    "host", ["example.org", "10.0.0.1", "192.168.1.1", "localhost.example.org", "0.0.0.0"]
)
def test_other_hosts_are_not_loopback(host):
    assert not is_loopback(host)


def test_a_body_larger_than_the_limit_stops_the_fetch():
    big = b"x" * 50_000

    def chunked(handler):
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for _ in range(50):
            handler.wfile.write(b"3e8\r\n" + b"y" * 1000 + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")

    routes = {"/big": lambda h: reply(h, 200, big), "/chunked": chunked}
    with serve(routes) as server, Fetcher(Limits(max_bytes=10_000)) as fetcher:
        for path in ("/big", "/chunked"):
            with pytest.raises(FetchError, match="larger than 10,000 bytes"):
                fetcher.fetch(server.url(path))


def test_a_compressed_body_is_limited_after_decompression():
    bomb = gzip.compress(b"\0" * 2_000_000)
    routes = {"/bomb": lambda h: reply(h, 200, bomb, Content_Encoding="gzip")}
    with serve(routes) as server, pytest.raises(FetchError, match="larger than 100,000 bytes"):
        fetch(server.url("/bomb"), Limits(max_bytes=100_000))


def test_a_server_that_never_finishes_times_out():
    def slow(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(40):  # a byte every 0.1 s: each read is quick, the whole is not
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    with serve({"/slow": slow}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"no complete answer within 0\.5 s"):
            fetch(server.url("/slow"), Limits(timeout=0.5))
        assert time.monotonic() - started < 3


def test_redirects_are_followed_within_the_limit_and_rechecked():
    routes = {
        "/old": lambda h: reply(h, 301, Location="/new"),
        "/new": lambda h: reply(h, 200, CALENDAR),
        "/loop": lambda h: reply(h, 302, Location="/loop"),
        "/away": lambda h: reply(h, 302, Location="http://example.org/cal.ics"),
        "/scheme": lambda h: reply(h, 302, Location="file:///etc/passwd"),
    }
    with serve(routes) as server, Fetcher(Limits(max_redirects=3)) as fetcher:
        moved = fetcher.fetch(server.url("/old"))
        assert moved.body == CALENDAR
        assert moved.final_url == server.url("/new")
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.fetch(server.url("/loop"))
        with pytest.raises(FetchError, match=r"redirect to http://example.org/cal.ics refused"):
            fetcher.fetch(server.url("/away"))
        with pytest.raises(FetchError, match="redirect to file:///etc/passwd refused"):
            fetcher.fetch(server.url("/scheme"))
        assert len([p for p, _ in server.requests if p == "/loop"]) == 4  # first + 3 redirects


def test_a_conditional_request_can_come_back_not_modified():
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            reply(handler, 304, ETag='"v1"')
        else:
            reply(handler, 200, CALENDAR, ETag='"v1"')

    with serve({"/cal.ics": conditional}) as server, Fetcher() as fetcher:
        first = fetcher.fetch(server.url("/cal.ics"))
        again = fetcher.fetch(
            server.url("/cal.ics"), etag=first.etag, last_modified="Tue, 01 Dec 2026 10:00:00 GMT"
        )
    assert first.status == 200 and not first.not_modified
    assert again.not_modified and again.body == b"" and again.etag == '"v1"'
    assert server.requests[1][1]["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_errors_are_one_line_naming_the_url_without_credentials():
    with serve({}) as server:
        url = server.url("/missing.ics").replace("http://", "http://user:secret@")
        with pytest.raises(FetchError) as caught:
            fetch(url)
    message = str(caught.value)
    assert message == f"{server.url('/missing.ics')}: HTTP 404 Not Found"
    assert "secret" not in message and "\n" not in message


def test_a_refused_connection_is_one_line():
    with serve({}) as server:
        url = server.url("/cal.ics")
    with pytest.raises(FetchError) as caught:
        fetch(url, Limits(timeout=2))
    assert str(caught.value).startswith(f"{url}: cannot fetch:")
    assert "\n" not in str(caught.value)


def test_one_fetcher_serves_parallel_fetches():
    lock = threading.Lock()
    active, most = [0], [0]
    all_in = threading.Barrier(3, timeout=5)

    def answer(handler):
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        if handler.path in ("/0", "/1", "/2"):
            all_in.wait()  # the first three meet: they are in flight at once
        with lock:
            active[0] -= 1
        reply(handler, 200, handler.path.encode())

    routes = {f"/{n}": answer for n in range(6)}
    with serve(routes) as server, Fetcher() as fetcher, ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda n: fetcher.fetch(server.url(f"/{n}")), range(6)))
    assert [r.body for r in results] == [f"/{n}".encode() for n in range(6)]
    assert most[0] == 3  # three at a time through one fetcher, not one after the other


def test_limits_must_be_positive():
    with pytest.raises(ValueError):
        Limits(timeout=0)
    with pytest.raises(ValueError):
        Limits(max_bytes=0)
