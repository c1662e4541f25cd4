"""Strings of the optional login (ui/access.py, issue 16)."""

STRINGS = {
    "access.oidc_intro": (
        "This app is shared by your team. Sign in with your company account to see your "
        "workspaces.",
        "此应用由您的团队共享。请使用公司账号登录以查看您的工作区。",
    ),
    "access.oidc_login": ("Sign in", "登录"),
    "access.logout": ("Sign out", "退出登录"),
    "access.name": ("Name", "用户名"),
    "access.password": ("Password", "密码"),
    "access.submit": ("Open the app", "进入应用"),
    "access.wrong": (
        "That name or password is not right. Ask the person who set up this server.",
        "用户名或密码不正确。请联系搭建此服务器的人员。",
    ),
}
