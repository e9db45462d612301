"""Fetch errors, classified once: transient (try again later) or permanent (do not retry)."""
from __future__ import annotations


class FetchError(Exception):
    """A page could not be fetched; `reason` is a short Vietnamese phrase for reviewers."""

    transient = False

    def __init__(self, url: str, reason: str, status: int | None = None, detail: str = "",
                 retryable: bool = False):
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))
        self.url, self.reason, self.status, self.detail = url, reason, status, detail
        self.retryable = retryable  # worth another attempt within this fetch (connection errors)


class TransientFetchError(FetchError):
    """Timeouts, refused connections, 429/5xx after retries, robots.txt unreachable."""

    transient = True


class PermanentFetchError(FetchError):
    """4xx, refused address, robots.txt disallow, body too large, bad URL, TLS failure."""


class BudgetSpent(FetchError):
    """The school's budget (time or requests) is spent: this request was not made, or was cut.

    Neither transient nor permanent: nothing is wrong with the page, and robots.txt refused this
    way is not cached; the crawl stops and says why (`reason`)."""


# Reasons shown to reviewers (Vietnamese, short).
R_CONNECT = "không kết nối được"
R_TIMEOUT = "quá thời gian chờ"
R_ROBOTS = "bị chặn bởi robots.txt"
R_ROBOTS_DOWN = "không đọc được robots.txt (tạm thời)"
R_PRIVATE = "địa chỉ nội bộ bị từ chối"
R_TOO_LARGE = "nội dung quá lớn"
R_SCHEME = "giao thức không được hỗ trợ"
R_BAD_URL = "địa chỉ URL không hợp lệ"
R_REDIRECTS = "quá nhiều lần chuyển hướng"
R_TLS = "lỗi chứng chỉ TLS"
R_DNS = "không phân giải được tên miền"
R_DNS_AGAIN = "lỗi phân giải tên miền (tạm thời)"


def wait_reason(seconds: float, over_budget: bool, cap: float) -> str:
    """Why a Retry-After was not waited for."""
    asked = f"máy chủ yêu cầu chờ {seconds:.0f} s"
    return f"{asked}, vượt ngân sách thời gian" if over_budget else f"{asked}, quá mức chờ cho phép ({cap:.0f} s)"


def status_reason(status: int) -> str:
    """Reviewer reason for an HTTP error status."""
    if status == 429:
        return "máy chủ từ chối vì quá nhiều yêu cầu (429)"
    if status == 404:
        return "không tìm thấy trang (404)"
    if status in (401, 403):
        return f"không có quyền truy cập ({status})"
    return f"máy chủ trả lỗi {status}"
