"""Strings of the app shell: navigation, sidebar, shared widgets, dataset kinds."""

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("Shop Ops Analytics", "电商运营分析"),
    # lang15: an error raised without a message code (never expected; shown generically)
    "common.error.uncoded": (
        "This analysis could not run on the data loaded.",
        "无法用已载入的数据完成此分析，请检查数据的列映射和日期范围。",
    ),
    "nav.home": ("Overview", "概览"),
    "nav.data": ("Import data", "导入数据"),
    "nav.traffic": ("Traffic sources", "流量来源"),
    "nav.segments": ("User layering", "用户分层"),
    "nav.funnel": ("Funnel", "转化漏斗"),
    "nav.pricing": ("Competitor prices", "竞品价格"),
    "nav.budget": ("Budget allocation", "预算分配"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.datasets": ("Loaded datasets", "已加载的数据"),
    "sidebar.none": ("No data loaded yet.", "尚未加载数据。"),
    "sidebar.rows": ("{rows} rows", "{rows} 行"),
    "sidebar.remove": ("Remove", "移除"),
    "sidebar.remove_help": ("Remove {name} from this session", "从本次会话中移除 {name}"),
    "sidebar.active": ("in use", "使用中"),
    "sidebar.use": ("Use this one", "使用此数据"),
    "kind.orders": ("Orders", "订单"),
    "kind.traffic": ("Traffic by channel", "渠道流量"),
    "kind.events": ("Event log", "行为日志"),
    "kind.prices": ("Competitor prices", "竞品价格"),
    "kind.spend": ("Marketing spend", "营销花费"),
    "common.no_data": (
        "This page needs a {kind} dataset. Load one on the Import data page, or load the sample data from the Overview.",
        "此页面需要{kind}数据。请在“导入数据”页上传，或在“概览”页一键加载示例数据。",
    ),
    "common.go_data": ("Go to Import data", "前往导入数据"),
    "common.load_samples": ("Load all sample data", "加载全部示例数据"),
    "common.samples_loaded": (
        "Sample data loaded: {n} datasets.",
        "已加载示例数据：{n} 个数据集。",
    ),
    "common.download_csv": ("Download CSV", "下载 CSV"),
    "common.download_xlsx": ("Download Excel", "下载 Excel"),
    "common.date_range": ("Date range", "日期范围"),
    "common.na": ("n/a", "不适用"),
    "common.error_unexpected": (
        "Something went wrong while drawing this part of the page ({error}). The rest of the page still works; try other settings or reload the data.",
        "绘制此部分时出错（{error}）。页面其余部分仍可使用；请尝试其他设置或重新加载数据。",
    ),
}
