"""Strings of ui/safe.py (issue 16: errors without server internals)."""

STRINGS = {
    "safe.server_error": (
        "The server could not finish this (details are in its log). Try again; if it keeps "
        "failing, tell the person who runs the server.",
        "服务器未能完成此操作（详情见服务器日志）。请重试；如仍失败，请联系服务器管理员。",
    ),
}
