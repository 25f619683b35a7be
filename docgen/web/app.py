"""The FastAPI app: templates, static files, the token check, the pages' routers, Vietnamese error pages."""

from __future__ import annotations

import hmac
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..templates_env import builtin_templates_dir
from . import vi
from .jobs import Jobs
from .settings import Settings

TOKEN_COOKIE = "kehoach_token"
NAV = [
    ("/doc", "Đọc kế hoạch"),
    ("/derive", "Xây dựng kế hoạch cấp dưới"),
    ("/compare", "So sánh văn bản"),
    ("/lint", "Kiểm tra thể thức"),
    ("/report", "Báo cáo kết quả"),
    ("/archive", "Tra cứu kho văn bản"),
]


def web_templates_dir() -> Path:
    return builtin_templates_dir() / "web"


def create_app(settings: Settings) -> FastAPI:
    jobs = Jobs(workers=settings.workers, keep_seconds=settings.keep_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        jobs.shutdown()

    app = FastAPI(title="kehoach", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    templates = Jinja2Templates(directory=str(web_templates_dir()))
    from .views import vn_date

    templates.env.globals.update(nav=NAV, vi_role=vi.role, vi_warning=vi.warning, vn_date=vn_date)
    app.state.settings = settings
    app.state.jobs = jobs
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(web_templates_dir() / "static")), name="static")

    if settings.token:
        _add_token_check(app, settings.token)
    _add_body_limit(app, templates, settings)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        words = {
            404: "Không tìm thấy trang hoặc kết quả này (kết quả cũ được xóa sau một thời gian).",
            405: "Thao tác này không dùng được ở đây.",
            413: "Tệp tải lên quá lớn.",
        }
        text = words.get(exc.status_code, "Yêu cầu không hợp lệ.")
        return templates.TemplateResponse(
            request,
            "error.html",
            {"message": text, "has_db": settings.db is not None, "error": None},
            status_code=exc.status_code,
        )

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "message": "Biểu mẫu thiếu thông tin hoặc có giá trị không hợp lệ: hãy quay lại và điền đủ các ô.",
                "has_db": settings.db is not None,
                "error": None,
            },
            status_code=400,
        )

    from .pages import archive, compare, derive, job, lint, read, report

    for module in (read, derive, compare, lint, report, archive, job):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "home.html", {"has_db": settings.db is not None, "error": None})

    return app


MAX_FILES_PER_REQUEST = 8  # the report page takes several workbooks; no form needs more


def _add_body_limit(app: FastAPI, templates: Jinja2Templates, settings: Settings) -> None:
    """Refuse a request body larger than a form of the biggest uploads could be, before it is spooled to disk
    (each file is checked against `max_bytes` again while it is copied)."""
    limit = settings.max_bytes * MAX_FILES_PER_REQUEST + (1 << 20)

    @app.middleware("http")
    async def body_limit(request: Request, call_next):
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return templates.TemplateResponse(
                request,
                "error.html",
                {
                    "message": f"Tệp tải lên quá lớn: mỗi tệp tối đa {settings.max_bytes // (1 << 20)} MB.",
                    "has_db": settings.db is not None,
                    "error": None,
                },
                status_code=413,
            )
        return await call_next(request)


def _add_token_check(app: FastAPI, token: str) -> None:
    """Every request carries the token: `Authorization: Bearer …`, the cookie set by a first `?token=…`
    link, or that query parameter itself. Compared in constant time."""

    def ok(given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))

    @app.middleware("http")
    async def check(request: Request, call_next):
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        query = request.query_params.get("token")
        if ok(bearer) or ok(request.cookies.get(TOKEN_COOKIE)):
            return await call_next(request)
        if ok(query):
            response = await call_next(request)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return response
        return PlainTextResponse(
            "Cần mã truy cập: mở đường dẫn có ?token=… do người quản trị máy chủ cung cấp.", status_code=401
        )
