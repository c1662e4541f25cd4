"""Strings of the import wizard (pages/data.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "data.intro": (
        "Upload the exports you already have. The app proposes what kind of data each file is and which of its columns mean what; check the proposal, change anything, then add the dataset.",
        "上传您已有的导出文件。系统会判断文件的数据类型并匹配各列含义；请核对，按需修改，然后添加数据集。",
    ),
    "data.formats": (
        "CSV / TSV / TXT (UTF-8, GBK/GB18030, UTF-16; any delimiter; .gz), Excel (.xlsx, .xls), Parquet. Exports from Shopify, GA4, Taobao/Tmall, JD, Douyin shop, 生意参谋 and more are recognised.",
        "支持 CSV / TSV / TXT（UTF-8、GBK/GB18030、UTF-16；任意分隔符；.gz）、Excel（.xlsx、.xls）、Parquet。可识别 Shopify、GA4、淘宝/天猫、京东、抖店、生意参谋等导出格式。",
    ),
    "data.upload": ("Upload files", "上传文件"),
    "data.upload_help": (
        "Drag files here or browse. Files stay in this browser session only.",
        "拖入文件或点击选择。文件只保存在本次浏览器会话中。",
    ),
    "data.file": ("File to import", "要导入的文件"),
    "data.step_read": ("1. Read", "1. 读取"),
    "data.step_kind": ("2. Kind of data", "2. 数据类型"),
    "data.step_map": ("3. Columns", "3. 列匹配"),
    "data.step_check": ("4. Check and add", "4. 校验并添加"),
    "data.sheet": ("Sheet", "工作表"),
    "data.read_info": (
        "{rows} rows × {cols} columns read.",
        "已读取 {rows} 行 × {cols} 列。",
    ),
    "data.raw_preview": ("First rows as read from the file", "文件原始内容（前几行）"),
    "data.kind": ("This file contains", "此文件包含"),
    "data.kind_help": (
        "Proposed from the column names and values; change it if the guess is wrong.",
        "根据列名和取值推断；如判断有误请修改。",
    ),
    "data.kind_guess": ("Proposed: {kind}", "推荐：{kind}"),
    "data.map_intro": (
        "Each field the app uses, the file column proposed for it, and example values. Pick another column, or “—” for none.",
        "下表列出系统使用的每个字段、为其匹配的文件列和示例值。可改选其他列，或选“—”表示无。",
    ),
    "data.map_field": ("Field", "字段"),
    "data.map_column": ("File column", "文件列"),
    "data.map_required": ("Required", "必填"),
    "data.map_examples": ("Example values", "示例值"),
    "data.map_none": ("—", "—"),
    "data.missing_required": (
        "Required fields without a column: {fields}. Pick the file column for each, or choose another kind of data.",
        "以下必填字段尚未匹配列：{fields}。请为其选择文件列，或更换数据类型。",
    ),
    "data.report": ("Validation report", "校验报告"),
    "data.rows_read": ("Rows read", "读取行数"),
    "data.rows_kept": ("Rows kept", "保留行数"),
    "data.rows_flagged": ("Rows flagged", "标记行数"),
    "data.rows_dropped": ("Rows dropped", "剔除行数"),
    "data.reason": ("Reason", "原因"),
    "data.count": ("Rows", "行数"),
    "data.examples": ("Example rows in the file", "文件中的示例行号"),
    "data.kept_or_dropped": ("Kept?", "是否保留"),
    "data.kept": ("kept, flagged", "保留并标记"),
    "data.dropped": ("dropped", "已剔除"),
    "data.no_issues": ("Every row was kept; nothing to report.", "所有行均已保留，无异常。"),
    "data.notes": ("How the file was read", "读取说明"),
    "data.preview": ("Preview of the imported table", "导入结果预览"),
    "data.preview_more": ("First 1,000 rows", "前 1,000 行"),
    "data.download_rejected": ("Download dropped rows (CSV)", "下载被剔除的行（CSV）"),
    "data.add": ("Add dataset", "添加数据集"),
    "data.added": (
        "Added: {kind}, {rows} rows. Open an analysis page from the menu.",
        "已添加：{kind}，共 {rows} 行。请从菜单打开分析页面。",
    ),
    "data.replace_note": (
        "It becomes the {kind} dataset the pages use; earlier ones stay in the sidebar.",
        "它将成为各页面使用的{kind}数据；之前的数据仍保留在侧边栏中。",
    ),
    "data.samples": ("Sample data", "示例数据"),
    "data.samples_intro": (
        "One year of a consistent sample shop (orders, traffic, events, competitor prices, spend).",
        "一家示例店铺一整年的数据（订单、流量、行为日志、竞品价格、营销花费），彼此一致。",
    ),
    "data.sample_one": ("Load sample {kind}", "加载示例{kind}"),
    "data.read_error": ("{file}: {message}", "{file}：{message}"),
    "data.too_big": (
        "{file} is {size} MB, above this app's limit of {limit} MB. Split the file or filter it to the period you need, then upload again.",
        "{file} 为 {size} MB，超过本应用 {limit} MB 的上限。请拆分文件或只导出所需时间段后重新上传。",
    ),
    "data.build_error": (
        "The file could not be imported as {kind}: {message}",
        "无法将此文件作为{kind}导入：{message}",
    ),
    # ---- order rule (issue 14 item 3, helper "states"; ui/import_rules.py)
    "data.rules.title": ("How orders are counted", "订单的计算规则"),
    "data.rules.orders": (
        "amount is the money paid for a line. Orders never paid (awaiting payment, or closed / cancelled before payment, e.g. 交易关闭 with nothing paid) are kept and flagged but count in no revenue and no order count. GMV = sum of the paid amounts of the other orders; orders = distinct paid orders; AOV = GMV / orders. Refund lines and credit notes (Online Retail C invoices, negative quantities, refund rows later than a purchase of the same order) and refunds on paid orders (a refund amount column, or the whole amount of a refunded order or line) are refunds: net revenue = GMV - refunds. Every page (Overview, traffic, user layering, report) follows this rule.",
        "amount 为订单行的实付金额。从未付款的订单（等待付款，或付款前关闭/取消，例如实付为 0 的交易关闭）会保留并标记，但不计入任何收入和订单数。GMV = 其余订单的实付金额之和；订单数 = 已付款的不同订单数；客单价 = GMV / 订单数。退款行和红冲单（Online Retail 的 C 发票、负数量、晚于同一订单购买行的退款行）以及已付款订单的退款（退款金额列，或已退款订单或订单行的全部金额）计为退款：净收入 = GMV - 退款。所有页面（概览、流量、用户分层、报告）都遵循此规则。",
    ),
    "data.rules.summary": (
        "By this rule: GMV {gmv}, {orders} paid orders, refunds {refunds}, net revenue {net}; {void} orders never paid (left out).",
        "按此规则：GMV {gmv}，已付款订单 {orders} 笔，退款 {refunds}，净收入 {net}；{void} 笔订单从未付款（不计入）。",
    ),
    "data.rules.no_customers": (
        "No customer ID is mapped (or the column is empty): the Overview, GMV, AOV and the traffic page work; user layering and the repurchase rate need a customer ID.",
        "未匹配客户 ID（或该列为空）：概览、GMV、客单价和流量页面可以使用；用户分层和复购率需要客户 ID。",
    ),
}
