"""Strings of the workspace panel (saving, restoring, recent workspaces)."""

STRINGS: dict[str, tuple[str, str]] = {
    "workspace.title": ("Workspace", "工作区"),
    "workspace.none": (
        "Your work is kept only in this browser tab: the data folder could not be used.",
        "当前工作只保存在此浏览器标签页中：无法使用数据文件夹。",
    ),
    "workspace.summary": (
        "Workspace {id}… · {n} datasets · {size} saved on the server",
        "工作区 {id}… · {n} 个数据集 · 服务器上已保存 {size}",
    ),
    "workspace.how": (
        "Everything you load and set up is saved as you go. Bookmark this page's address "
        "(it ends in ?ws=…) to come back to it after a reload or a restart; anyone with "
        "the address can open it.",
        "您加载和设置的所有内容都会自动保存。请收藏此页面地址（以 ?ws=… 结尾），"
        "刷新或重启后即可回到这里；任何拿到该地址的人都能打开它。",
    ),
    "workspace.restoring": ("Restoring your workspace…", "正在恢复工作区…"),
    "workspace.new": ("New workspace", "新建工作区"),
    "workspace.new_help": (
        "Start with nothing loaded. The current workspace stays saved and is listed under Recent.",
        "从空白开始。当前工作区仍会保存，并出现在“最近使用”中。",
    ),
    "workspace.created": (
        "A new, empty workspace was started. Bookmark the address to come back to it.",
        "已新建一个空工作区。请收藏此地址以便之后回来。",
    ),
    "workspace.recent": ("Recent workspaces in this browser", "此浏览器最近使用的工作区"),
    "workspace.recent_label": (
        "{id}… · used {used} · {size}",
        "{id}… · 最近使用 {used} · {size}",
    ),
    "workspace.no_recent": (
        "No other workspace was used in this browser.",
        "此浏览器未使用过其他工作区。",
    ),
    "workspace.open": ("Open", "打开"),
    "workspace.confirm": (
        "Yes, delete this workspace and its data",
        "是的，删除此工作区及其数据",
    ),
    "workspace.delete": ("Delete workspace", "删除工作区"),
    "workspace.deleted": (
        "The workspace and all its data were deleted. You are in a new, empty workspace.",
        "工作区及其全部数据已删除。您现在位于一个新的空工作区。",
    ),
    "workspace.skipped": (
        "{n} settings cannot be saved and last only while this tab is open.",
        "有 {n} 项设置无法保存，仅在此标签页打开期间有效。",
    ),
    "workspace.disk_error": (
        "Your work could not be saved on the server: {reason} It is kept in this tab for now; "
        "ask the administrator to check the data folder.",
        "无法在服务器上保存您的工作：{reason}目前仍保留在此标签页中；请联系管理员检查数据文件夹。",
    ),
    # issue 16: failed saves are shown on the page, with what was not saved and a retry
    "workspace.reason.disk_full": ("The server's disk is full.", "服务器磁盘已满。"),
    "workspace.reason.read_only": (
        "The server's data folder is read-only.",
        "服务器的数据文件夹为只读。",
    ),
    "workspace.reason.permission": (
        "The app may not write to the server's data folder.",
        "应用没有写入服务器数据文件夹的权限。",
    ),
    "workspace.reason.other": (
        "The server could not write to its data folder.",
        "服务器无法写入其数据文件夹。",
    ),
    "workspace.save_failed": (
        "Not saved. {reason} Not saved: {items}. It stays in this tab for now, but reloading or "
        "closing the tab loses it. Saving is retried after every change; ask the administrator "
        "to free space or fix the data folder, then retry.",
        "未保存。{reason}未保存的内容：{items}。这些内容暂时保留在此标签页中，但刷新或关闭标签页后将丢失。"
        "每次更改后都会重试保存；请联系管理员释放空间或修复数据文件夹，然后重试。",
    ),
    "workspace.retry": ("Retry saving", "重试保存"),
    "workspace.saved_again": ("Everything is saved now.", "所有内容均已保存。"),
    "workspace.partly_restored": (
        "{n} saved items could not be read and were left out. Load those files again if needed.",
        "有 {n} 项已保存内容无法读取，已被略过。如有需要请重新加载这些文件。",
    ),
    "workspace.error.invalid_id": (
        "The address holds a workspace ID that is not valid (?ws= must be followed by 32 "
        "letters a–f and digits). Check the link you used.",
        "地址中的工作区 ID 无效（?ws= 后应为 32 位字母 a–f 和数字）。请检查您使用的链接。",
    ),
    "workspace.error.other_owner": (
        "This workspace belongs to another user of this server, so it cannot be opened here.",
        "此工作区属于本服务器的其他用户，无法在此打开。",
    ),
    "workspace.error.unknown_id": (
        "No workspace has this ID: it may have been deleted or expired.",
        "找不到此 ID 的工作区：它可能已被删除或已过期。",
    ),
    "workspace.started_new": (
        "A new, empty workspace was started instead.",
        "已改为新建一个空工作区。",
    ),
    "workspace.kept_current": (
        "You stay in your current workspace.",
        "您仍留在当前工作区。",
    ),
    "workspace.mapping_recalled": (
        "This file has the same columns as one you imported before: the mapping you used then "
        "is proposed.",
        "此文件的列与您之前导入的文件相同：已为您预先填入当时使用的列对应关系。",
    ),
}
