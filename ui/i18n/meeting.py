"""Strings of meeting mode (ui/meeting.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "meeting.toggle": ("Meeting mode", "会议模式"),
    "meeting.help": (
        "For a projector or a screen share: hides the sidebar and the controls, enlarges numbers and chart text. The filters keep their values; the link (URL) reopens this view.",
        "用于投影或共享屏幕：隐藏侧边栏和控件，放大数字和图表文字。筛选条件保持不变；复制链接（URL）即可重新打开此视图。",
    ),
    "meeting.prev": ("Previous", "上一页"),
    "meeting.next": ("Next", "下一页"),
    "meeting.more_columns": (
        "{n} more columns outside meeting mode.",
        "另有 {n} 列，退出会议模式可见。",
    ),
}
