"""Strings of the overview page (pages/home.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "home.tagline": (
        "Upload the exports you already have and see where traffic, sales and money go: channel mix, user layers, funnel drop-off, competitor prices and budget what-ifs.",
        "上传已有的导出文件，即可看清流量、销售和花费的去向：渠道结构、用户分层、漏斗流失、竞品价格和预算推演。",
    ),
    "home.start": ("Get started", "开始使用"),
    "home.start_text": (
        "Load the sample shop to look around, or import your own files.",
        "加载示例店铺数据先看看，或导入您自己的文件。",
    ),
    "home.pages": ("What each page does", "各页面功能"),
    "home.needs": ("Needs: {kinds}", "需要：{kinds}"),
    "home.ready": ("ready", "已就绪"),
    "home.missing": ("missing", "缺少数据"),
    "home.loaded": ("Loaded datasets", "已加载的数据"),
    "home.col_kind": ("Kind", "类型"),
    "home.col_file": ("File", "文件"),
    "home.col_rows": ("Rows", "行数"),
    "home.col_from": ("From", "开始"),
    "home.col_to": ("To", "结束"),
    "home.col_dropped": ("Rows dropped", "剔除行数"),
    "home.desc.data": (
        "Upload CSV, Excel or Parquet exports; check the proposed columns; see what was kept and why.",
        "上传 CSV、Excel 或 Parquet 导出文件；核对列匹配；查看保留与剔除的原因。",
    ),
    "home.desc.traffic": (
        "Which channels bring visitors, buyers and revenue, at what cost; why revenue changed.",
        "哪些渠道带来访客、买家和销售额，成本多少；销售额为何变化。",
    ),
    "home.desc.segments": (
        "RFM scores, named segments and k-means clusters, who moved between layers, and who to target.",
        "RFM 评分、客户分群与 K-means 聚类，客户层级变动，以及营销对象。",
    ),
    "home.desc.funnel": (
        "Where users leave between view, cart, checkout and purchase, for whom, and what it costs.",
        "用户在浏览、加购、下单、支付之间的流失位置、人群和损失。",
    ),
    "home.desc.pricing": (
        "Our price position against competitors, price index, changes, undercuts and promotions.",
        "与竞品相比的价格位置、价格指数、调价、低价预警和促销识别。",
    ),
    "home.desc.budget": (
        "Response curves per channel and live what-if budget scenarios, with an optimiser.",
        "各渠道投放响应曲线，实时预算推演与优化。",
    ),
}
