"""Strings of the engine panel (ui/engine_panel.py) and the pages' engine caption."""

STRINGS: dict[str, tuple[str, str]] = {
    "engine.panel": (
        "Connect to a database or warehouse",
        "连接数据库或数据仓库",
    ),
    "engine.intro": (
        "Load tables from PostgreSQL, a DuckDB file, a folder of Parquet files, Spark, BigQuery "
        "or ClickHouse instead of uploading files. Keep the password out of the address: put it "
        "in .streamlit/secrets.toml ([engine] password) or the SHOPOPS_DB_PASSWORD variable.",
        "无需上传文件，可直接从 PostgreSQL、DuckDB 文件、Parquet 文件夹、Spark、BigQuery 或 ClickHouse "
        "加载表。请勿在地址中写密码：把密码放在 .streamlit/secrets.toml（[engine] password）"
        "或环境变量 SHOPOPS_DB_PASSWORD 中。",
    ),
    "engine.url": ("Connection address", "连接地址"),
    "engine.url_help": (
        "postgresql://user@host:5432/shop, duckdb:///data/shop.duckdb, /data/events/*.parquet, "
        "spark://local[2], sc://host:15002, bigquery://project, clickhouse://host:8123/db. "
        "Read from shopops.toml ([engine] url) when left empty.",
        "postgresql://用户@主机:5432/库名、duckdb:///data/shop.duckdb、/data/events/*.parquet、"
        "spark://local[2]、sc://主机:15002、bigquery://项目、clickhouse://主机:8123/库名。"
        "留空时读取 shopops.toml（[engine] url）。",
    ),
    "engine.connected": (
        "Connected to {engine} at {url}: {n} tables.",
        "已连接 {engine}（{url}）：共 {n} 张表。",
    ),
    "engine.tables": ("Tables to load", "要加载的表"),
    "engine.mapping": ("Columns", "列的含义"),
    "engine.mapping.auto": (
        "Recognised from the names and contents (as an upload)",
        "按列名和内容识别（与上传文件相同）",
    ),
    "engine.mapping.ga4": (
        "GA4 BigQuery export (events_* tables)",
        "GA4 BigQuery 导出表（events_* 表）",
    ),
    "engine.mapping_help": (
        "The GA4 export maps user_pseudo_id, TIMESTAMP_MICROS(event_timestamp), event_name and "
        "traffic_source.source / medium / name to user, time, event, source, medium, campaign.",
        "GA4 导出表的映射：user_pseudo_id、TIMESTAMP_MICROS(event_timestamp)、event_name 和 "
        "traffic_source.source / medium / name 分别对应用户、时间、事件、来源、媒介、活动。",
    ),
    "engine.load": ("Load as datasets", "加载为数据集"),
    "engine.loaded": (
        "Loaded {n} tables from {engine}.",
        "已从 {engine} 加载 {n} 张表。",
    ),
    "engine.password_in_url": (
        "The address holds a password. It is never shown or saved by the app, but move it to "
        ".streamlit/secrets.toml ([engine] password) or SHOPOPS_DB_PASSWORD so that nobody sees "
        "it on this screen.",
        "地址中含有密码。本应用不会显示或保存它，但请把它移到 .streamlit/secrets.toml（[engine] password）"
        "或环境变量 SHOPOPS_DB_PASSWORD 中，以免他人在屏幕上看到。",
    ),
    "engine.running": (
        "Counting on {engine} … {share} (Stop in the top bar cancels)",
        "正在由 {engine} 计算 … {share}（点击顶部的“停止”可取消）",
    ),
    "engine.running_unknown": (
        "Counting on {engine} … (Stop in the top bar cancels)",
        "正在由 {engine} 计算 …（点击顶部的“停止”可取消）",
    ),
    "engine.loading": ("Loading {table} …", "正在加载 {table} …"),
    "engine.load_failed": (
        "The table {table} could not be loaded: {error}",
        "无法加载表 {table}：{error}",
    ),
    "engine.caption.engine": (
        "Imported from {engine} · table {table} · {rows} rows read in {seconds} s · "
        "computed in memory",
        "从 {engine} 导入 · 表 {table} · {seconds} 秒读取 {rows} 行 · 在本机内存中计算",
    ),
    "engine.caption.live": (
        "Queried in place on {engine} · table {table} · {rows} rows scanned",
        "在 {engine} 中直接查询 · 表 {table} · 扫描 {rows} 行",
    ),
    "engine.caption.live_time": (
        "Queried in place on {engine} · table {table} · {rows} rows scanned · last query "
        "{seconds} s",
        "在 {engine} 中直接查询 · 表 {table} · 扫描 {rows} 行 · 最近一次查询 {seconds} 秒",
    ),
    "engine.caption.reduced": (
        "Summed by day on {engine} · table {table} · {rows} rows scanned, {kept} rows read "
        "in {seconds} s",
        "在 {engine} 中按天汇总 · 表 {table} · 扫描 {rows} 行，读取 {kept} 行，用时 {seconds} 秒",
    ),
    "engine.mode": ("How to use the tables", "如何使用这些表"),
    "engine.mode.import": ("Import rows into the app", "把行导入应用"),
    "engine.mode.place": ("Query in place", "在数据库中直接查询"),
    "engine.mode_help": (
        "Import: the rows are read into the app and every page works on them, as on an upload. "
        "In place: orders and event logs stay in the database and the funnel, user layering "
        "and retention cohorts are computed there (pages that need the rows say so); traffic "
        "and competitor prices are read summed by day; marketing spend is imported.",
        "导入：把行读入应用，所有页面都可使用，与上传文件相同。直接查询：订单和事件日志留在数据库中，"
        "漏斗、用户分层和留存同期群在数据库中计算（需要行数据的页面会提示）；流量和竞品价格按天汇总后读取；"
        "营销花费照常导入。",
    ),
    "engine.reconnect_failed": (
        "The table {table}, queried in place, could not be opened again: {error} It is tried "
        "again on the next visit; remove it from the loaded datasets to stop.",
        "直接查询的表 {table} 未能重新打开：{error} 下次访问时会再次尝试；如不再需要，请从已加载的数据集中移除。",
    ),
    "engine.live.page": (
        "The table {table} is queried in place on {engine}; this page needs its rows in the "
        'app. Import the table (Import page, "Connect to a database or warehouse", Import '
        "rows) to use it here. The funnel, user layering and retention cohorts work in place.",
        "表 {table} 目前在 {engine} 中直接查询；此页面需要把它的行读入应用。请在导入页“连接数据库或数据仓库”"
        "中选择“把行导入应用”后在此使用。漏斗、用户分层和留存同期群可直接在数据库中计算。",
    ),
    "engine.live.section": (
        "This part needs the rows of the table {table} in the app; it is queried in place "
        "on {engine}. Import the table to see it.",
        "这一部分需要把表 {table} 的行读入应用；该表目前在 {engine} 中直接查询。导入该表后即可查看。",
    ),
    "engine.caption.memory": (
        "Computed in memory (pandas): {rows}",
        "在本机内存中计算（pandas）：{rows}",
    ),
    "engine.caption.rows": ("{kind} {rows} rows", "{kind} {rows} 行"),
    "engine.caption.duckdb": (
        "Runs in memory; heavy aggregations on DuckDB (over {threshold} rows) · {rows} rows",
        "在内存中运行；大数据量汇总（超过 {threshold} 行）由 DuckDB 计算 · {rows} 行",
    ),
}
