"""Strings of the import wizard (views/data.py)."""

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
    # --- issue 14 item 2 (helper "kinds"): import choices (ui/import_options.py) ---
    "data.opt.event_title": ("Every row is one event", "每一行是一次事件"),
    "data.opt.event_label": ("Event name for every row", "每一行的事件名称"),
    "data.opt.event_help": (
        "The file has no event column, so every row counts as the same event (for example view "
        "for a product-view log). A funnel needs two or more kinds of event.",
        "文件没有事件列，因此每一行都算作同一种事件（例如商品浏览日志为 view）。漏斗需要两种或以上的事件。",
    ),
    "data.opt.legend_title": ("Event legend: name the event values", "事件图例：为事件值命名"),
    "data.opt.legend_help": (
        "Optional: give an event value another name (for example 浏览 = view). Values left "
        "blank keep their own name.",
        "可选：为事件值另起名称（例如 浏览 = view）。留空的值保留原名。",
    ),
    "data.opt.legend_help_codes": (
        "The event column holds numbers. Name each code (for example 1 = pv, 2 = fav, 3 = cart, "
        "4 = buy) so funnels can be read; codes left blank are kept as numbers.",
        "事件列是数字。请为每个代码命名（例如 1 = pv、2 = fav、3 = cart、4 = buy），"
        "漏斗才便于阅读；留空的代码按数字保留。",
    ),
    "data.opt.legend_value": ("Value in the file", "文件中的值"),
    "data.opt.legend_count": ("Rows", "行数"),
    "data.opt.legend_name": ("Event name", "事件名称"),
    "data.opt.own_title": ("Your own shop", "本店"),
    "data.opt.own_label": ("Seller name for your own prices", "本店价格的卖家名称"),
    "data.opt.own_default": ("own", "本店"),
    "data.opt.own_help": (
        "Prices without a seller column are your own price history; this name marks them on the "
        "pricing page. Competitor comparisons need competitor prices.",
        "没有卖家列的价格是本店自己的价格记录；此名称在价格页面中标记它们。与竞品比较需要竞品价格。",
    ),
    "data.opt.attention": (
        "Check this before adding the dataset:",
        "添加数据集前请核对：",
    ),
    "data.opt.year_title": ("The year of the dates", "日期的年份"),
    "data.opt.year_label": ("Year", "年份"),
    "data.opt.year_help": (
        "The dates give months, week numbers or month and day, but no year. Choose the year "
        "they are in.",
        "日期只有月份、周数或月日，没有年份。请选择它们所在的年份。",
    ),
    "data.opt.year_found": (
        "{year} was found in the file's context (below); change it if that is wrong.",
        "从文件信息中找到年份 {year}（见下方）；如有误请修改。",
    ),
    "data.opt.year_missing": (
        "Neither the file nor its name says the year. Choose it: without a year the dates are "
        "put in {year}, a placeholder, and trends show the wrong year.",
        "文件及文件名都没有给出年份。请选择年份：否则日期暂按 {year} 年处理（占位），趋势中的年份不对。",
    ),
    # --- issue 14 (helper "fix"): spend of one channel (ui/import_options.py channel_card) ---
    "data.opt.channel_title": ("The channel of this spend file", "此花费文件的渠道"),
    "data.opt.channel_label": ("Channel name", "渠道名称"),
    "data.opt.channel_help": (
        "The file has no channel column: every row is spend of this one channel.",
        "文件没有渠道列：每一行都是这一个渠道的花费。",
    ),
    "data.opt.channel_found": ("Named by:", "依据："),
    "data.opt.channel_default": ("all", "全部"),
    # --- issue 14 item 4: several related files joined into one dataset (ui/import_join.py) ---
    "data.join.title": ("Related files", "关联文件"),
    "data.join.toggle": (
        "Join these files into one dataset (orders with their payments, line items or customers)",
        "将这些文件合并为一个数据集（订单及其支付、订单明细或客户）",
    ),
    "data.join.intro": (
        "Proposed from the data: the main file has the order time, and each related file shares a key with it (the share of its keys found in the main file is shown). Change the main file, a role or a key if the proposal is wrong; choose “none” to leave a file out.",
        "根据数据推荐：主文件包含下单时间，每个关联文件与其共享一个关联键（显示其键值在主文件中找到的比例）。如推荐有误，可修改主文件、角色或关联键；选择“none”可不合并该文件。",
    ),
    "data.join.primary": ("Main file (one row per order)", "主文件（每行一个订单）"),
    "data.join.primary_help": (
        "The orders file: every row of it is kept; the other files are attached to it.",
        "订单文件：其每一行都会保留，其他文件合并到它上面。",
    ),
    "data.join.file": ("File", "文件"),
    "data.join.role": ("Role", "角色"),
    "data.join.role.payments": (
        "payments: several rows per order, money summed per order",
        "payments（支付）：每个订单可有多行，金额按订单汇总",
    ),
    "data.join.role.items": (
        "items: one row per order line, the amount comes from the lines",
        "items（订单明细）：每行一个商品行，金额取自明细",
    ),
    "data.join.role.customers": (
        "customers: one row per customer; a person-level ID replaces the customer ID",
        "customers（客户）：每个客户一行；用个人级 ID 代替客户 ID",
    ),
    "data.join.role.details": (
        "details: one row per key, its columns attached",
        "details（附加信息）：每个键一行，附加其各列",
    ),
    "data.join.role.none": ("none: not joined", "none：不合并"),
    "data.join.key": ("Key in the main file", "主文件中的关联列"),
    "data.join.on": ("Key in this file", "此文件中的关联列"),
    "data.join.found": ("Keys found in the main file", "在主文件中找到的键"),
    "data.join.nothing": (
        "No file is joined: every related file is set to “none”.",
        "没有合并任何文件：所有关联文件都设为“none”。",
    ),
    "data.join.failed": (
        "The files could not be joined: {message}",
        "无法合并这些文件：{message}",
    ),
    "data.join.primary_rows": ("Rows in the main file", "主文件行数"),
    "data.join.rows": ("Rows after joining", "合并后行数"),
    "data.join.rejected": ("Related rows not joined", "未合并的关联行"),
    "data.join.matched": ("Rows joined", "已合并行数"),
    "data.join.unmatched": ("Rows with no order", "无对应订单的行"),
    "data.join.unmatched_examples": ("Their keys (examples)", "其关联键（示例）"),
    "data.join.main_unmatched": ("Main rows with no match (kept)", "无匹配的主文件行（保留）"),
    "data.join.main_examples": ("Their keys (examples)", "其关联键（示例）"),
    "data.join.duplicates": ("Repeated keys", "重复的键"),
    "data.join.blank": ("Rows without a key", "无关联键的行"),
    "data.join.download_rejected": (
        "Download the related rows not joined (CSV, with the reason)",
        "下载未合并的关联行（CSV，含原因）",
    ),
    # ---- recognition evidence (recog helper, issue 14 item 1: ui/import_evidence.py)
    "data.recog.kind": ("Match with {kind}: {score}.", "与{kind}的匹配度：{score}。"),
    "data.recog.runner_up": ("Runner-up: {kind} ({score}).", "其次：{kind}（{score}）。"),
    "data.recog.headerless": (
        "The file has no header row: its first line is data, and its columns are named column_1, column_2, ...",
        "文件没有表头行：第一行是数据，各列命名为 column_1、column_2……",
    ),
    "data.recog.title": ("What was recognised, and why", "识别结果及依据"),
    "data.recog.intro": (
        "Each field, the file column proposed for it and the evidence: its header, or what its values look like.",
        "每个字段、为其匹配的文件列及依据：表头名称，或取值的特征。",
    ),
    "data.recog.why": ("Why", "依据"),
    "data.recog.none": ("No column was recognised for this kind.", "没有识别出此类型的列。"),
    "data.recog.missing": (
        "Still missing for this kind: {fields}. Choose them in the mapping below.",
        "此类型仍缺少：{fields}。请在下方的列匹配中选择。",
    ),
    # ---- order rule (issue 14 item 3, helper "states"; ui/import_rules.py)
    "data.rules.title": ("How orders are counted", "订单的计算规则"),
    "data.rules.orders": (
        "amount is the money paid for a line. Orders never paid (awaiting payment, or closed / cancelled before payment, e.g. 交易关闭 with nothing paid) are kept and flagged but count in no revenue and no order count. GMV = sum of the paid amounts of the other orders; orders = distinct paid orders; AOV = GMV / orders. Refund lines and credit notes (Online Retail C invoices, negative quantities, refund rows later than a purchase of the same order) and refunds on paid orders (a refund amount column, or the whole amount of a refunded order or line) are refunds: net revenue = GMV - refunds. Every page (Overview, traffic, user layering, report) follows this rule.",
        "实付金额为订单行实际支付的金额。从未付款的订单（等待付款，或付款前关闭/取消，例如实付为 0 的交易关闭）会保留并标记，但不计入任何收入和订单数。GMV = 其余订单的实付金额之和；订单数 = 已付款的不同订单数；客单价 = GMV / 订单数。退款行和红冲单（Online Retail 的 C 发票、负数量、晚于同一订单购买行的退款行）以及已付款订单的退款（退款金额列，或已退款订单或订单行的全部金额）计为退款：净收入 = GMV - 退款。所有页面（概览、流量、用户分层、报告）都遵循此规则。",
    ),
    "data.rules.summary": (
        "By this rule: GMV {gmv}, {orders} paid orders, refunds {refunds}, net revenue {net}; {void} orders never paid (left out).",
        "按此规则：GMV {gmv}，已付款订单 {orders} 笔，退款 {refunds}，净收入 {net}；{void} 笔订单从未付款（不计入）。",
    ),
    "data.rules.no_customers": (
        "No customer ID is mapped (or the column is empty): the Overview, GMV, AOV and the traffic page work; user layering and the repurchase rate need a customer ID.",
        "未匹配客户 ID（或该列为空）：概览、GMV、客单价和流量页面可以使用；用户分层和复购率需要客户 ID。",
    ),
    # -- wizard helper: time-zone choice and "add a related file" (issue 14 items 4 and 5) --
    "data.tz.title": ("Time zone of the times", "时间的时区"),
    "data.tz.columns": (
        "These time columns are written with a time-zone offset:",
        "以下时间列带有时区偏移：",
    ),
    "data.tz.label": ("Read the times as", "时间读取方式"),
    "data.tz.local": (
        "Keep the local time written (the shop's day and hour)",
        "保留原文的当地时间（店铺的日期和钟点）",
    ),
    "data.tz.other": ("Another time zone (type its name)…", "其他时区（输入名称）…"),
    "data.tz.help": (
        "By default 2024-06-18 01:30+08:00 stays 2024-06-18 01:30. Pick a time zone to convert "
        "every time with an offset to it (times without one are taken as already in it); the "
        "import report notes what was done.",
        "默认 2024-06-18 01:30+08:00 仍为 2024-06-18 01:30。选择时区后，所有带偏移的时间都换算到该时区"
        "（不带偏移的时间视为已是该时区时间）；导入报告会注明处理方式。",
    ),
    "data.tz.other_label": (
        "Time zone name (IANA, such as Asia/Singapore)",
        "时区名称（IANA 格式，如 Asia/Singapore）",
    ),
    "data.tz.unknown": (
        "This is not a time zone name; the times keep the local time written. Use a name such "
        "as Asia/Singapore or Europe/Paris:",
        "这不是有效的时区名称，时间仍按原文的当地时间保留。请使用如 Asia/Singapore 或 "
        "Europe/Paris 的名称：",
    ),
    "data.rel.title": (
        "Add a related file to a loaded orders dataset",
        "为已载入的订单数据集添加关联文件",
    ),
    "data.rel.intro": (
        "Payments, order lines or customers exported in a separate file: pick the orders "
        "dataset, upload the file, check the proposed key and role, then replace the dataset "
        "with the joined one.",
        "单独导出的支付记录、订单明细或客户信息：选择订单数据集，上传文件，核对建议的关联列和角色，"
        "再用合并后的数据集替换原数据集。",
    ),
    "data.rel.dataset": ("Orders dataset", "订单数据集"),
    "data.rel.sidebar": ("Add a related file", "添加关联文件"),
    "data.rel.sidebar_help": (
        "Join payments, order lines or customers from another file to this dataset (on the "
        "Import page).",
        "将其他文件中的支付、订单明细或客户信息合并到此数据集（在导入页面）。",
    ),
    "data.rel.dataset_item": ("{name} ({rows} rows)", "{name}（{rows} 行）"),
    "data.rel.upload": ("Related file(s)", "关联文件"),
    "data.rel.upload_help": (
        "CSV, Excel or Parquet; each file is joined to the dataset on a shared key.",
        "CSV、Excel 或 Parquet；每个文件按共同的关联列与数据集合并。",
    ),
    "data.rel.replace": (
        "Replace the dataset with the joined one",
        "用合并后的数据集替换原数据集",
    ),
    "data.rel.replace_note": (
        "The joined dataset takes the place of the one picked above; its column mapping is kept.",
        "合并后的数据集将替换上方所选的数据集，并沿用其列映射。",
    ),
    "data.rel.replaced": (
        "{name} now includes the related file(s): {rows} rows.",
        "{name} 已合并关联文件：共 {rows} 行。",
    ),
    # lang15: display names of the canonical fields (analytics.schema.COLUMNS)
    "field.amount": ("Amount paid", "实付金额"),
    "field.buyers": ("Buyers", "买家数"),
    "field.campaign": ("Campaign", "推广活动"),
    "field.category": ("Category", "类目"),
    "field.channel": ("Channel", "渠道"),
    "field.clicks": ("Clicks", "点击量"),
    "field.conversions": ("Conversions", "转化数"),
    "field.country": ("Country", "国家/地区"),
    "field.customer_id": ("Customer ID", "客户 ID"),
    "field.date": ("Date", "日期"),
    "field.device": ("Device", "设备"),
    "field.event": ("Event", "事件"),
    "field.event_time": ("Event time", "事件时间"),
    "field.gross_amount": ("Gross amount", "应付金额"),
    "field.impressions": ("Impressions", "展现量"),
    "field.in_stock": ("In stock", "有货"),
    "field.is_return": ("Is a return", "是否退货"),
    "field.is_void": ("Is void", "是否作废"),
    "field.list_price": ("List price", "标价"),
    "field.medium": ("Medium", "媒介"),
    "field.new_visitors": ("New visitors", "新访客数"),
    "field.order_id": ("Order ID", "订单号"),
    "field.order_time": ("Order time", "下单时间"),
    "field.orders": ("Orders", "订单数"),
    "field.own": ("Our own listing", "本店商品"),
    "field.paid_time": ("Payment time", "付款时间"),
    "field.price": ("Price", "价格"),
    "field.product": ("Product", "商品"),
    "field.product_id": ("Product ID", "商品 ID"),
    "field.product_name": ("Product name", "商品名称"),
    "field.promo": ("On promotion", "促销中"),
    "field.quantity": ("Quantity", "数量"),
    "field.refund_amount": ("Refund amount", "退款金额"),
    "field.revenue": ("Revenue", "收入"),
    "field.seller": ("Seller", "卖家"),
    "field.session_id": ("Session ID", "会话 ID"),
    "field.sessions": ("Sessions", "会话数"),
    "field.source": ("Source", "来源"),
    "field.spend": ("Spend", "花费"),
    "field.status": ("Order status", "订单状态"),
    "field.unit_price": ("Unit price", "单价"),
    "field.unit_size": ("Unit size", "规格"),
    "field.url": ("URL", "URL"),
    "field.user_id": ("User ID", "用户 ID"),
    "field.visitors": ("Visitors", "访客数"),
}
