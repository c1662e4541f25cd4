"""User-facing messages raised by ``analytics`` (errors, import reasons, notes).

``analytics`` is used from notebooks too, so its errors carry an English text
and a stable ``code``; the app translates the code with the same table
(``ui.i18n`` merges ``STRINGS`` into its own). Each entry is a pair
(English, Simplified Chinese) so the two languages can never drift apart.
Placeholders use ``str.format`` names, e.g. ``{column}``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["STRINGS", "AnalyticsError", "english", "fill", "require_columns", "text"]

STRINGS: dict[str, tuple[str, str]] = {
    # Filled by analytics.ingest and friends; keys: ingest.error.<code>,
    # ingest.reason.<code>, ingest.note.<code>.
    "ingest.error.unknown": (
        "This file could not be read: {detail}",
        "无法读取此文件：{detail}",
    ),
    # --- analytics.readers: reading bytes into a table (errors, then notes) ---
    "ingest.error.no_rows": (
        "The file has a header row ({columns}) but no data rows. Export the report again with a "
        "date range or filter that includes data, then upload it.",
        "文件只有表头（{columns}），没有数据行。请重新导出报表，选择包含数据的日期范围或筛选条件，然后上传。",
    ),
    "ingest.error.binary": (
        "This file is not a table: it holds binary data, not CSV, Excel or Parquet. Open it in the "
        "program that made it, export or save it as CSV or Excel (.xlsx), and upload that file.",
        "此文件不是表格：内容是二进制数据，而不是 CSV、Excel 或 Parquet。请在生成它的程序中打开，"
        "导出或另存为 CSV 或 Excel（.xlsx），再上传该文件。",
    ),
    "ingest.error.too_large": (
        "The file is {size_mb} MB, over the limit of {limit_mb} MB. Export a shorter date range or "
        "fewer columns, or compress it as .csv.gz, then upload it again.",
        "文件大小为 {size_mb} MB，超过了 {limit_mb} MB 的上限。请导出较短的日期范围或较少的列，"
        "或压缩为 .csv.gz 后重新上传。",
    ),
    "ingest.error.encrypted": (
        "The workbook is password-protected, so it cannot be read. Open it in Excel, remove the "
        "password (File > Info > Protect Workbook > Encrypt with Password, clear it) or save a copy "
        "as CSV, then upload that file.",
        "该工作簿受密码保护，无法读取。请在 Excel 中打开，取消密码（文件 > 信息 > 保护工作簿 > "
        "用密码进行加密，清空密码）或另存为 CSV，然后上传该文件。",
    ),
    "ingest.error.excel_corrupt": (
        "The Excel file could not be opened: it is damaged or not really an Excel workbook "
        "({detail}). Open it in Excel and save it again as .xlsx (or export CSV), then upload it.",
        "无法打开此 Excel 文件：文件已损坏或并非真正的 Excel 工作簿（{detail}）。请在 Excel 中"
        "打开并重新另存为 .xlsx（或导出 CSV），然后上传。",
    ),
    "ingest.error.parquet_corrupt": (
        "The Parquet file could not be read: it is damaged or truncated ({detail}). Write it again "
        "(or export CSV) and upload the new file.",
        "无法读取此 Parquet 文件：文件已损坏或不完整（{detail}）。请重新生成（或导出 CSV）后上传新文件。",
    ),
    "ingest.error.gzip_corrupt": (
        "The compressed (.gz) file could not be unpacked: it is damaged or incomplete ({detail}). "
        "Compress the original file again, or upload it uncompressed.",
        "无法解压此压缩（.gz）文件：文件已损坏或不完整（{detail}）。请重新压缩原始文件，或直接上传未压缩的文件。",
    ),
    "ingest.error.zip_corrupt": (
        "The .zip archive could not be unpacked: it is damaged or password-protected ({detail}). "
        "Extract the data file yourself and upload it.",
        "无法解压此 .zip 压缩包：文件已损坏或设有密码（{detail}）。请自行解压出数据文件后上传。",
    ),
    "ingest.error.zip_empty": (
        "The .zip archive holds no data file. Upload the CSV or Excel file itself.",
        "该 .zip 压缩包中没有数据文件。请直接上传 CSV 或 Excel 文件。",
    ),
    "ingest.error.zip_many": (
        "The .zip archive holds {n} files ({names}); one import reads one table. Extract the file "
        "you want and upload it on its own.",
        "该 .zip 压缩包中有 {n} 个文件（{names}），每次导入只能读取一个表。请解压出需要的文件后单独上传。",
    ),
    "ingest.error.undecodable": (
        "Some lines could not be decoded as {encoding} or any other likely encoding (lines "
        "{lines}; {n} in all). Save the file again as UTF-8 (in Excel: Save As > CSV UTF-8), then "
        "upload it.",
        "部分行无法按 {encoding} 或其他常见编码解码（第 {lines} 行，共 {n} 行）。请将文件重新"
        "保存为 UTF-8（Excel 中：另存为 > CSV UTF-8），然后上传。",
    ),
    "ingest.error.too_many_fields": (
        "{n} line(s) have more fields than the header's {expected} columns (lines {lines}). Usually "
        "a value contains the delimiter without quotes around it: quote those values or fix the "
        "lines, then upload the file again.",
        "有 {n} 行的字段数多于表头的 {expected} 列（第 {lines} 行）。通常是某个值中含有分隔符却"
        "没有加引号：请给这些值加上引号或修正这些行，然后重新上传。",
    ),
    "ingest.error.unreadable": (
        "The text file could not be parsed as a table ({detail}). Open it in a spreadsheet program, "
        "save it as CSV (UTF-8) or Excel, then upload it again.",
        "无法将此文本文件解析为表格（{detail}）。请在电子表格软件中打开，另存为 CSV（UTF-8）"
        "或 Excel 后重新上传。",
    ),
    "ingest.error.markup": (
        "This file is a web page or XML document (HTML/XML), not a table file, even if its name "
        "ends in .xls or .csv. Open it in Excel and save it as Excel (.xlsx) or CSV, then upload "
        "that file.",
        "此文件是网页或 XML 文档（HTML/XML），而不是表格文件，即使文件名以 .xls 或 .csv 结尾。"
        "请在 Excel 中打开并另存为 Excel（.xlsx）或 CSV，然后上传该文件。",
    ),
    "ingest.error.sheet_not_found": (
        "The workbook has no sheet {sheet}. Its sheets are: {sheets}. Choose one of those.",
        "工作簿中没有工作表 {sheet}。现有工作表为：{sheets}。请从中选择一个。",
    ),
    "ingest.error.sheet_empty": (
        "Sheet {sheet} is empty. Choose a sheet that holds the table (sheets: {sheets}).",
        "工作表 {sheet} 是空的。请选择包含数据表的工作表（现有工作表：{sheets}）。",
    ),
    "ingest.note.encoding": (
        "The file's text encoding is {encoding}; it was converted to Unicode.",
        "文件的文本编码为 {encoding}，已转换为 Unicode。",
    ),
    "ingest.note.mixed_encoding": (
        "The file is mostly {main}, but {n} line(s) were in {other} and were decoded as such "
        "(lines {lines}). Check those lines' text.",
        "文件主要为 {main} 编码，但有 {n} 行是 {other} 编码，已按该编码解码（第 {lines} 行）。请核对这些行的文字。",
    ),
    "ingest.note.comment_lines": (
        "{n} comment line(s) starting with # at the top of the file were skipped.",
        "已跳过文件开头以 # 开头的 {n} 行注释。",
    ),
    "ingest.note.renamed_columns": (
        "{n} column name(s) appeared more than once and were renamed: {columns}.",
        "有 {n} 个列名重复，已重命名：{columns}。",
    ),
    "ingest.note.blank_columns": (
        "{n} column(s) had no name and were named by position: {columns}.",
        "有 {n} 列没有列名，已按位置命名：{columns}。",
    ),
    "ingest.note.padded_rows": (
        "{n} line(s) had fewer than {expected} fields; the missing values were left empty (lines "
        "{lines}).",
        "有 {n} 行的字段少于 {expected} 个，缺少的值已留空（第 {lines} 行）。",
    ),
    "ingest.note.ignored_section": (
        "The file holds a second table starting at line {line} (after a blank line and a # line); "
        "only the first table was read ({n} lines from there on were not). Export that table on "
        "its own to use it.",
        "文件从第 {line} 行起（空行和 # 注释行之后）还有第二个表格；只读取了第一个表格（其后的 {n} "
        "行未读取）。如需使用，请单独导出该表格。",
    ),
    "ingest.note.delimiter": (
        "Columns are separated by {delimiter}.",
        "各列以 {delimiter} 分隔。",
    ),
    "ingest.note.sheet": (
        "The workbook has {n} sheets ({sheets}); sheet {sheet} was read. Choose another sheet if "
        "the table is elsewhere.",
        "工作簿有 {n} 个工作表（{sheets}），已读取工作表 {sheet}。如果数据在其他工作表中，请另行选择。",
    ),
    "ingest.note.title_rows": (
        "{n} title row(s) above the table were skipped.",
        "已跳过表格上方的 {n} 行标题。",
    ),
    "ingest.note.zip_member": (
        "Read {member} from the .zip archive.",
        "已从 .zip 压缩包中读取 {member}。",
    ),
    # ---- analytics.ingest (errors, row reasons, notes)
    "ingest.error.missing_columns": (
        "This file has no column for {columns}, which {kind} data needs. Rename the columns in the file or choose them in the mapping step.",
        "此文件缺少 {kind} 类数据必需的列：{columns}。请在文件中重命名这些列，或在映射步骤中手动选择。",
    ),
    "ingest.error.wrong_kind": (
        'This looks like {guess} data, not {kind}: there is no column for {columns}. Choose the kind "{guess}" or upload a {kind} file.',
        "此文件看起来是 {guess} 类数据，而不是 {kind} 类数据：缺少列 {columns}。请选择“{guess}”类型，或上传 {kind} 类文件。",
    ),
    "ingest.error.unknown_kind": (
        "Could not tell what kind of data this is: no columns matched orders, traffic, events, prices or spend (columns: {columns}). Check that the first row holds the column names, or choose the kind and columns by hand.",
        "无法判断数据类型：没有列能匹配订单、流量、行为事件、价格或投放花费（列：{columns}）。请确认第一行是列名，或手动选择类型和列。",
    ),
    # ---- analytics.recognise / ingest.propose (recog helper, issue 14 item 1)
    "ingest.error.kind_incomplete": (
        "This looks most like {kind} data, but it has no column for {missing}. Matched: "
        "{matched}. The next best guess is {runner_up}. Choose the missing column in the mapping "
        "step (or rename it in the file), or choose another kind.",
        "此文件最像 {kind} 类数据，但缺少列：{missing}。已匹配：{matched}。其次可能是 "
        "{runner_up} 类数据。请在列匹配步骤中选择缺少的列（或在文件中重命名），或选择其他类型。",
    ),
    "recognise.evidence.header": (
        "header “{column}” means {field}",
        "表头“{column}”表示 {field}",
    ),
    "recognise.evidence.layout": (
        "“{column}” is {field} in the {layout} export layout",
        "在 {layout} 导出格式中，“{column}”是 {field}",
    ),
    "recognise.evidence.hint": (
        "no header names {field}; the name “{column}” says date or time",
        "没有表头对应 {field}；“{column}”的名称含日期或时间",
    ),
    "recognise.evidence.wide": (
        "“{column}” is one column of a wide table ({field})",
        "“{column}”是宽表中的一列（{field}）",
    ),
    "recognise.evidence.contents": (
        "no header names {field}; the values of “{column}” fit it",
        "没有表头对应 {field}；“{column}”列的取值符合",
    ),
    "recognise.evidence.unix_s": (
        "looks like Unix seconds ({lo} … {hi})",
        "看起来是 Unix 秒级时间戳（{lo} … {hi}）",
    ),
    "recognise.evidence.unix_ms": (
        "looks like Unix milliseconds ({lo} … {hi})",
        "看起来是 Unix 毫秒级时间戳（{lo} … {hi}）",
    ),
    "recognise.evidence.excel_serial": (
        "looks like Excel serial dates ({lo} … {hi})",
        "看起来是 Excel 序列日期（{lo} … {hi}）",
    ),
    "recognise.evidence.yyyymmdd": (
        "looks like dates written YYYYMMDD ({lo} … {hi})",
        "看起来是 YYYYMMDD 格式的日期（{lo} … {hi}）",
    ),
    "recognise.evidence.dates": (
        "values read as dates ({lo} … {hi})",
        "取值可识别为日期（{lo} … {hi}）",
    ),
    "recognise.evidence.events": (
        "values {values} look like events",
        "取值 {values} 看起来是行为事件",
    ),
    "recognise.evidence.event_codes": (
        "small numeric codes, read as events with the proposed legend {legend} (editable)",
        "取值为少量数字代码，按建议的对照表 {legend} 识别为事件（可修改）",
    ),
    "recognise.evidence.channels": (
        "values {values} look like channel names",
        "取值 {values} 看起来是渠道名称",
    ),
    "recognise.evidence.money": (
        "values look like money (decimals with at most two places)",
        "取值看起来是金额（最多两位小数）",
    ),
    "recognise.evidence.currency": (
        "values carry a currency sign",
        "取值带有货币符号",
    ),
    "recognise.evidence.ids": (
        "values look like IDs ({distinct} distinct in {n} sampled)",
        "取值看起来是 ID（抽样 {n} 个中有 {distinct} 个不同值）",
    ),
    "recognise.evidence.leading_zero": (
        "values look like IDs (codes with leading zeros)",
        "取值看起来是 ID（带前导零的编码）",
    ),
    "recognise.evidence.counts": (
        "values are whole non-negative numbers (counts)",
        "取值为非负整数（计数）",
    ),
    "recognise.evidence.names": (
        "values look like names ({values})",
        "取值看起来是名称（{values}）",
    ),
    "recognise.evidence.bools": (
        "values are yes / no",
        "取值为是 / 否",
    ),
    "recognise.evidence.no_event": (
        "no event column: every row is one event (the name is chosen on import)",
        "没有事件列：每一行算作一次事件（名称在导入时选择）",
    ),
    "recognise.evidence.no_channel": (
        "no channel column: the file is read as one channel (the ad platform its name or "
        "headers name, else a label chosen on import)",
        "没有渠道列：此文件按单一渠道读取（文件名或列名指明的广告平台，否则导入时选择名称）",
    ),
    "recognise.evidence.no_seller": (
        "no seller column: the file is read as your own price history",
        "没有卖家列：此文件按本店自己的价格记录读取",
    ),
    "recognise.evidence.no_customer": (
        "no customer column: GMV, orders and traffic work; pages that need customers say so",
        "没有客户列：GMV、订单和流量可用；需要客户的页面会说明",
    ),
    "recognise.evidence.sparse": (
        "only {share} of the sampled rows have a value",
        "抽样行中只有 {share} 有值",
    ),
    "ingest.error.unknown_kind_name": (
        'Unknown dataset kind "{kind}". Use one of: {kinds}.',
        "未知的数据类型“{kind}”。请使用以下之一：{kinds}。",
    ),
    "ingest.error.unknown_column": (
        'Column "{column}" (chosen for {canonical}) is not in the file. The file\'s columns are: {columns}. Choose one of them.',
        "文件中没有列“{column}”（被选作 {canonical}）。文件的列为：{columns}。请从中选择。",
    ),
    "ingest.error.unknown_canonical": (
        '"{canonical}" is not a column of {kind} data. Remove it from the mapping.',
        "“{canonical}”不是 {kind} 类数据的列。请从映射中删除它。",
    ),
    "ingest.error.no_dates": (
        'No value in column "{column}" could be read as a date (for example "{example}"). Use dates like 2024-06-18 or 2024/06/18 10:00, or choose another column for the date.',
        "列“{column}”中没有任何值能识别为日期（例如“{example}”）。请使用 2024-06-18 或 2024/06/18 10:00 这样的日期格式，或选择其他列作为日期。",
    ),
    "ingest.error.empty": (
        "The file has no data rows. Check that you exported the data, not only the header.",
        "文件中没有数据行。请确认导出的是数据而不只是表头。",
    ),
    "ingest.error.no_rows_left": (
        "Every row had to be dropped ({reasons}), so nothing is left to analyse. Check which columns are mapped to the required fields.",
        "所有行都被剔除（{reasons}），没有可分析的数据。请检查必需字段对应的列是否正确。",
    ),
    "ingest.error.not_found": (
        "File not found: {path}. Check the path.",
        "找不到文件：{path}。请检查路径。",
    ),
    "ingest.reason.missing_value": (
        "Dropped: no {column} value ({column} is required)",
        "已剔除：缺少 {column}（必需字段）",
    ),
    "ingest.reason.bad_date": (
        "Dropped: {column} could not be read as a date",
        "已剔除：{column} 无法识别为日期",
    ),
    "ingest.reason.bad_number": (
        "Dropped: {column} is not a number",
        "已剔除：{column} 不是数字",
    ),
    "ingest.reason.bad_optional": (
        "Kept: {column} could not be read and is left empty",
        "已保留：{column} 无法识别，留空",
    ),
    "ingest.reason.no_customer": (
        "Kept and flagged: no customer ID (customer analyses such as RFM leave these rows out and show how many)",
        "已保留并标记：缺少客户 ID（RFM 等客户分析会排除这些行并显示数量）",
    ),
    "ingest.reason.cancelled_invoice": (
        "Kept and flagged as return: the invoice number starts with C (a cancellation)",
        "已保留并标记为退货：发票号以 C 开头（取消的订单）",
    ),
    "ingest.reason.return_status": (
        "Kept and flagged as a refund line: the status says refunded or cancelled ({statuses}) and the order has an earlier purchase line; its amount is made negative so it nets against that purchase",
        "已保留并标记为退款行：订单状态为退款或取消（{statuses}），且同一订单有更早的购买行；金额记为负数，与该购买相抵",
    ),
    # order states (issue 14 item 3, helper "states")
    "ingest.reason.unpaid_order": (
        "Kept and flagged as never paid ({statuses}): no payment, so in no revenue and no order count",
        "已保留并标记为未付款（{statuses}）：未付款，不计入任何收入和订单数",
    ),
    "ingest.reason.closed_unpaid": (
        "Kept and flagged as closed before payment ({statuses}): never paid, so in no revenue and no order count (not a refund)",
        "已保留并标记为付款前关闭（{statuses}）：从未付款，不计入任何收入和订单数（不是退款）",
    ),
    "ingest.note.paid_after_refunds": (
        "The paid amount is after refunds on {count} refunded rows (it equals the gross total minus the refund): their paid amount before the refund (paid + refunded) is used, so GMV counts what was paid and the refund is subtracted once",
        "有 {count} 行退款订单的实付金额已扣除退款（等于总金额减退款金额）：这些行按退款前的实付金额（实付 + 退款）计算，GMV 计入实际付款，退款只扣除一次",
    ),
    "ingest.reason.refunded_order": (
        "Kept and flagged as refunded ({statuses}): the order (or line) was paid and counts in GMV; its refund (the file's refund amount, else the whole amount) is subtracted from net revenue",
        "已保留并标记为已退款（{statuses}）：该订单（或订单行）已付款，计入 GMV；退款（文件中的退款金额，否则为全额）从净收入中扣除",
    ),
    "ingest.reason.negative_quantity": (
        "Kept and flagged as return: negative quantity or amount",
        "已保留并标记为退货：数量或金额为负",
    ),
    "ingest.reason.no_channel": (
        "Kept and flagged: no channel, shown as (not set)",
        "已保留并标记：缺少渠道，显示为 (not set)",
    ),
    "ingest.note.no_header": (
        "The file has no header row; its {columns} columns are named column_1, column_2, ... and the first line is read as data.",
        "文件没有表头行；{columns} 列被命名为 column_1、column_2……，第一行按数据读取。",
    ),
    "ingest.note.currency": (
        "Amounts are written in {currency} (the currency signs in the file); money is shown in it.",
        "金额以 {currency} 书写（文件中的货币符号），金额按此货币显示。",
    ),
    "ingest.note.decimal_comma": (
        "Numbers use a comma as the decimal mark (1.234,50 = 1234.50).",
        "数字使用逗号作小数点（1.234,50 = 1234.50）。",
    ),
    "ingest.note.percent_scaled": (
        "{column} holds percentages from 0 to 100; they were divided by 100.",
        "{column} 是 0–100 的百分数，已除以 100。",
    ),
    "ingest.note.dayfirst": (
        "Dates in {column} are read day first (DD-MM-YYYY) because some first fields are above 12.",
        "{column} 中的日期按“日-月-年”读取，因为部分第一段数字大于 12。",
    ),
    "ingest.note.month_only": (
        "{column} gives only months and neither the file nor its name says the year: the dates "
        "were put in {year}, a placeholder. Choose the real year on the Import page (year "
        "option), or dates and trends will show the wrong year.",
        "{column} 只有月份，文件及文件名都没有给出年份：日期暂按 {year} 年处理（占位）。"
        "请在导入页选择实际年份，否则日期和趋势中的年份不对。",
    ),
    "ingest.note.week_of_year": (
        "{column} gives only week numbers and neither the file nor its name says the year: each "
        "date is the Monday of that week in {year}, a placeholder. Choose the real year on the "
        "Import page (year option), or dates and trends will show the wrong year.",
        "{column} 只有周数，文件及文件名都没有给出年份：日期取该周的周一，暂按 {year} 年处理"
        "（占位）。请在导入页选择实际年份，否则日期和趋势中的年份不对。",
    ),
    "ingest.note.year_only": (
        "{column} gives only years: each date is 1 January of that year.",
        "{column} 只有年份：日期取该年 1 月 1 日。",
    ),
    "ingest.note.excel_serial": (
        "{column} holds Excel serial day numbers; they were turned into dates.",
        "{column} 是 Excel 日期序列号，已转换为日期。",
    ),
    "ingest.note.epoch": (
        "{column} holds Unix timestamps ({unit}); they were turned into dates (UTC).",
        "{column} 是 Unix 时间戳（{unit}），已转换为日期（UTC）。",
    ),
    "ingest.note.micros": (
        "{column} is in micros (Google Analytics 360 export); values were divided by 1,000,000.",
        "{column} 以百万分之一为单位（Google Analytics 360 导出），已除以 1,000,000。",
    ),
    "ingest.note.each_row_order": (
        "The file has no order ID: each row counts as one order.",
        "文件没有订单号：每一行算作一个订单。",
    ),
    "ingest.note.amount_from_lines": (
        "There is no amount column: amount = quantity x unit price for each line.",
        "没有金额列：每行金额 = 数量 × 单价。",
    ),
    "ingest.note.filled_from_order": (
        "{count} lines had no {column}; they took the value of their order's first line.",
        "{count} 行缺少 {column}，已取同一订单第一行的值。",
    ),
    "ingest.note.visitors_from_sessions": (
        "There is no visitors column: visitors are taken from sessions ({column}).",
        "没有访客数列：访客数取自会话数（{column}）。",
    ),
    "ingest.note.sessions_from_ids": (
        "There is no sessions or visitors column: each distinct {column} counts as one session (and one visitor).",
        "没有会话数或访客数列：每个不同的 {column} 算作一次会话（和一位访客）。",
    ),
    "ingest.note.row_is_session": (
        "There is no sessions or visitors column: each row counts as one session (and one visitor).",
        "没有会话数或访客数列：每一行算作一次会话（和一位访客）。",
    ),
    "ingest.note.source_medium_split": (
        '{column} was split into source and medium at "/".',
        "{column} 已按“/”拆分为来源和媒介。",
    ),
    "ingest.note.ga360_actions": (
        "{column} holds GA360 e-commerce action codes; they were named (2 = product_detail_view, 3 = add_to_cart, 6 = purchase, ...).",
        "{column} 是 GA360 电商行为代码，已转为名称（2 = product_detail_view，3 = add_to_cart，6 = purchase……）。",
    ),
    "ingest.note.wide_spend": (
        "One spend column per channel ({channels}): the table was turned into one row per period and channel.",
        "每个渠道一列花费（{channels}）：已转换为每期每渠道一行。",
    ),
    "ingest.note.wide_prices": (
        'One price column per seller ({sellers}): the table was turned into one row per product, date and seller; "{own}" is your own price.',
        "每个卖家一列价格（{sellers}）：已转换为每个商品、日期和卖家一行；“{own}”为本店价格。",
    ),
    "ingest.note.total_repeated": (
        "{column} is a total for the period, repeated on each channel's row: do not add it up across channels.",
        "{column} 是该期的总计，在每个渠道的行上重复出现：不要跨渠道求和。",
    ),
    "ingest.note.revenue_from_conversions": (
        "There is no revenue column: revenue = conversions x {column}.",
        "没有收入列：收入 = 转化数 × {column}。",
    ),
    "ingest.note.ambiguous_dates": (
        "Dates in {column} could be day-first or month-first; they were read month first (MM-DD-YYYY). Check a few dates.",
        "{column} 中的日期无法确定是“日-月”还是“月-日”，已按“月-日-年”读取。请核对几个日期。",
    ),
    "ingest.note.cells_missing": (
        "{count} empty {column} cells of the wide table were left out.",
        "宽表中 {count} 个空的 {column} 单元格未纳入。",
    ),
    # --- issue 14 item 5 (hostile files): limits, long lines, quotes, numbers, dates, time zones ---
    "ingest.error.ratio_exceeded": (
        "{filename} unpacks to more than {size_mb} MB from {packed}, more than {ratio} times "
        "its compressed size (the limit): real exports compress far less, so this looks like a "
        "damaged file or a decompression bomb and was not read further. If the file is genuine, "
        "upload the uncompressed file (or ask the administrator to raise ANALYTICS_MAX_RATIO).",
        "{filename} 由 {packed} 解压出超过 {size_mb} MB，超过压缩大小的 {ratio} 倍（上限）。"
        "真实导出文件的压缩比远低于此，因此该文件疑似已损坏或是“解压炸弹”，已停止读取。若文件确实无误，"
        "请上传未压缩的文件（或请管理员调高 ANALYTICS_MAX_RATIO）。",
    ),
    "ingest.error.too_many_rows": (
        "{filename} has more than {rows} rows, over the limit of {limit} rows. Export a shorter "
        "date range (or split the file) and upload each part (or ask the administrator to raise "
        "ANALYTICS_MAX_ROWS).",
        "{filename} 超过 {rows} 行，超出 {limit} 行的上限。请导出较短的日期范围（或拆分文件）后"
        "分别上传（或请管理员调高 ANALYTICS_MAX_ROWS）。",
    ),
    "ingest.error.archive_too_deep": (
        "{filename} is an archive inside an archive more than {depth} levels deep. Extract the "
        "data file yourself and upload it.",
        "{filename} 是嵌套超过 {depth} 层的压缩包。请自行解压出数据文件后上传。",
    ),
    "ingest.error.line_too_long": (
        "Line {line} is {size_mb} MB long, over the limit of {limit_mb} MB for one line or cell. "
        "Usually the file lost its line breaks or a quote is never closed: open it in a text "
        "editor or spreadsheet program, fix or remove that line, then upload it again.",
        "第 {line} 行长达 {size_mb} MB，超过单行或单元格 {limit_mb} MB 的上限。通常是文件丢失了"
        "换行符或某个引号没有闭合：请在文本编辑器或电子表格软件中打开，修正或删除该行后重新上传。",
    ),
    "ingest.error.too_many_columns": (
        "{filename} has {n} columns, over the limit of {limit}. Export only the columns you need, "
        "then upload the file again.",
        "{filename} 有 {n} 列，超过 {limit} 列的上限。请只导出需要的列，然后重新上传。",
    ),
    "ingest.error.unterminated_quote": (
        'Line {line} opens a quote (") that is never closed, so the {n} line(s) after it would '
        "be read into one cell. Close the quote on that line (or remove it), then upload the "
        "file again.",
        '第 {line} 行有一个未闭合的引号（"），其后的 {n} 行会被读进同一个单元格。请在该行补上'
        "或删除这个引号，然后重新上传。",
    ),
    "ingest.error.unknown_tz": (
        "{tz} is not a time zone ({detail}). Use a name such as Asia/Shanghai, Europe/London "
        "or UTC.",
        "{tz} 不是有效的时区（{detail}）。请使用 Asia/Shanghai、Europe/London 或 UTC 这样的名称。",
    ),
    "ingest.reason.non_finite": (
        "Dropped: {column} is not a finite number (inf, nan or too large, such as 1e309)",
        "已剔除：{column} 不是有限数值（inf、nan 或过大，如 1e309）",
    ),
    "ingest.reason.non_finite_optional": (
        "Kept: {column} is not a finite number (inf, nan or too large) and is left empty",
        "已保留：{column} 不是有限数值（inf、nan 或过大），留空",
    ),
    "ingest.reason.decimal_conflict": (
        "Dropped: {column} is written with the other decimal mark than the rest of the column "
        "(such as 1.234,5 among 1,234.50), so its value is uncertain",
        "已剔除：{column} 使用了与该列其他值不同的小数点写法（如 1,234.50 中夹杂 1.234,5），数值无法确定",
    ),
    "ingest.reason.decimal_conflict_optional": (
        "Kept: {column} is written with the other decimal mark than the rest of the column and "
        "is left empty",
        "已保留：{column} 使用了与该列其他值不同的小数点写法，留空",
    ),
    "ingest.reason.date_out_of_range": (
        "Dropped: {column} is outside {low} to {high} (such as 9999-12-31, a placeholder)",
        "已剔除：{column} 不在 {low} 至 {high} 之间（如 9999-12-31 这类占位值）",
    ),
    "ingest.reason.date_out_of_range_optional": (
        "Kept: {column} is outside {low} to {high} and is left empty",
        "已保留：{column} 不在 {low} 至 {high} 之间，留空",
    ),
    "ingest.note.non_finite": (
        "{n} value(s) of {column} are not finite numbers (inf, nan, 1e309): they are not used.",
        "{column} 中有 {n} 个值不是有限数值（inf、nan、1e309），未使用。",
    ),
    "ingest.note.decimal_conflict": (
        "{column} mixes decimal marks; the column reads {convention} (decided from all its "
        "values) and {n} value(s) written the other way (such as {example}) are not used.",
        "{column} 混用了两种小数点写法；该列按 {convention} 读取（依据全列数值判断），"
        "另一种写法的 {n} 个值（如 {example}）未使用。",
    ),
    "ingest.note.tz_local": (
        "{column}: times carry the offset {offset}; they are kept as the local time written "
        "(2024-06-18 01:30{offset} stays 2024-06-18 01:30). Pick a time zone on import to convert "
        "them.",
        "{column}：时间带有时区偏移 {offset}，按原文的当地时间保留（2024-06-18 01:30{offset} 仍为 "
        "2024-06-18 01:30）。如需换算，请在导入时选择时区。",
    ),
    "ingest.note.tz_mixed": (
        "{column}: times carry several offsets ({offsets}); {n} value(s) were converted to the "
        "most common one, {offset}, and then kept as that local time.",
        "{column}：时间带有多个时区偏移（{offsets}）；已将 {n} 个值换算到最常见的 {offset}，"
        "再按该当地时间保留。",
    ),
    "ingest.note.tz_converted": (
        "{column}: times with an offset ({offsets}) were converted to the time zone {tz}; times "
        "without one were taken as already in {tz}.",
        "{column}：带时区偏移（{offsets}）的时间已换算为时区 {tz}；不带偏移的时间视为已是 {tz} 时间。",
    ),
    "ingest.note.tz_utc": (
        "{column}: times are marked as UTC (Z / UTC) and kept as UTC times. Pick a time zone on "
        "import to see them in the shop's local time.",
        "{column}：时间标注为 UTC（Z / UTC），按 UTC 时间保留。如需按店铺当地时间查看，请在导入时选择时区。",
    ),
    "ingest.note.tz_naive_mixed": (
        "{column}: {n} value(s) have no offset while the others do; they were taken as already "
        "in {offset}.",
        "{column}：有 {n} 个值没有时区偏移，而其他值有；这些值视为已是 {offset} 时间。",
    ),
    # --- issue 14 item 2 (helper "kinds"): events / prices / spend without a column ---
    "ingest.note.month_only_in_year": (
        "{column} gives only months: each date is the 1st of that month in {year}.",
        "{column} 只有月份：日期取该月 1 日，年份为 {year}。",
    ),
    "ingest.note.week_of_year_in_year": (
        "{column} gives only week numbers: each date is the Monday of that week in {year}.",
        "{column} 只有周数：日期取该周的周一，年份为 {year}。",
    ),
    "ingest.note.year_stated": (
        "Dates given without a year are in {year}, the year chosen on import.",
        "没有年份的日期按导入时选择的 {year} 年处理。",
    ),
    "ingest.note.year_from_context": (
        'Dates given without a year are in {year}, the year found in "{source}". If that is '
        "wrong, choose the year on the Import page.",
        "没有年份的日期按 {year} 年处理（取自“{source}”）。如有误，请在导入页选择年份。",
    ),
    "ingest.note.each_row_event": (
        'The file has no event column: every row counts as one "{event}" event (chosen on '
        "import). A funnel needs two or more kinds of event.",
        "文件没有事件列：每一行算作一次“{event}”事件（导入时选择）。漏斗需要两种或以上的事件。",
    ),
    "ingest.note.event_legend": (
        "Event codes in {column} were named by the legend: {legend}.",
        "{column} 中的事件代码已按图例命名：{legend}。",
    ),
    "ingest.note.event_unmapped": (
        "{count} value(s) of {column} are not in the legend and were kept as they are ({values}). "
        "Name them in the legend on the Import page if they are events you want in a funnel.",
        "{column} 中有 {count} 个值不在图例中，已按原样保留（{values}）。如需在漏斗中使用，"
        "请在导入页的图例中为它们命名。",
    ),
    "ingest.note.event_codes": (
        "{column} holds numbers ({values}), not event names. Name them in the event legend on the "
        "Import page (for example 1 = pv, 2 = fav, 3 = cart, 4 = buy) so funnels read well.",
        "{column} 是数字（{values}），不是事件名称。请在导入页的事件图例中为它们命名"
        "（例如 1 = pv、2 = fav、3 = cart、4 = buy），漏斗才便于阅读。",
    ),
    "ingest.note.own_prices": (
        'The file has no seller column: it is read as your own price history (seller "{seller}"). '
        "Price position, the price index and undercut alerts need competitor prices too.",
        "文件没有卖家列：按本店自己的价格记录读取（卖家为“{seller}”）。价格位置、价格指数和"
        "被低价预警还需要竞品价格。",
    ),
    # issue 14 (helper "fix"): spend of one channel (no channel column)
    "ingest.note.wide_dated_prices": (
        "One price column per date ({count} dates, {first} to {last}): read as one row per "
        "product and date, the date taken from each column's name.",
        "每个日期一列价格（{count} 个日期，{first} 至 {last}）：按每个商品每个日期一行读取，"
        "日期取自列名。",
    ),
    "ingest.note.one_channel_platform": (
        'The file has no channel column: it is read as one channel, "{channel}" (named by '
        "{source}). Choose another label on the Import page if that is wrong.",
        "文件没有渠道列：按单一渠道“{channel}”读取（依据 {source}）。如不正确，请在导入页"
        "另选名称。",
    ),
    "ingest.note.one_channel_stated": (
        'The file has no channel column: it is read as one channel, "{channel}" (chosen on '
        "import).",
        "文件没有渠道列：按单一渠道“{channel}”读取（导入时选择）。",
    ),
    "ingest.note.one_channel_default": (
        "The file has no channel column and neither its name nor its headers name an ad "
        'platform: it is read as one channel, "{channel}". Name the channel on the Import page '
        "(channel option) so budgets compare it with others.",
        "文件没有渠道列，文件名和列名也没有指明广告平台：按单一渠道“{channel}”读取。请在"
        "导入页为该渠道命名，以便预算页与其他渠道比较。",
    ),
    "ingest.note.date_from_month": (
        "The date is built from {year} (year) and {month} (month): the 1st of each month.",
        "日期由 {year}（年）和 {month}（月）组成：取每月 1 日。",
    ),
    "ingest.note.date_from_week": (
        "The date is built from {year} (year) and {week} (ISO week number): the Monday of each "
        "week.",
        "日期由 {year}（年）和 {week}（ISO 周数）组成：取每周的周一。",
    ),
    "ingest.note.date_from_day": (
        "The date is built from {year} (year), {month} (month) and {day} (day).",
        "日期由 {year}（年）、{month}（月）和 {day}（日）组成。",
    ),
    "ingest.note.date_parts_in_year": (
        "The date is built from {month} (month) and {day} (day) in {year}.",
        "日期由 {month}（月）和 {day}（日）组成，年份为 {year}。",
    ),
    "ingest.note.date_parts_year_assumed": (
        "The date is built from {month} (month) and {day} (day), but neither the file nor its "
        "name says the year: the dates were put in {year}, a placeholder. Choose the real year "
        "on the Import page (year option).",
        "日期由 {month}（月）和 {day}（日）组成，但文件及文件名都没有给出年份：暂按 {year} 年"
        "处理（占位）。请在导入页选择实际年份。",
    ),
    "ingest.reason.total_row": (
        "Left out: a total row ({column} says total); it sums other rows, which are kept",
        "未纳入：合计行（{column} 为合计）；它是其他行之和，其他行均已保留",
    ),
    "ingest.note.not_a_channel": (
        "{column} is a total or a date part, not a channel: it was left out.",
        "{column} 是合计或日期的一部分，不是渠道：未纳入。",
    ),
    "ingest.note.subtotal_left_out": (
        "{column} is a subtotal: it was left out (the channels are kept one by one).",
        "{column} 是小计：未纳入（各渠道分别保留）。",
    ),
    "ingest.note.total_left_out": (
        "{column} is the total: the channels add up to it on all {rows} rows checked (within "
        "rounding); it was left out.",
        "{column} 是合计：已核对 {rows} 行，各渠道之和均与之相符（允许舍入误差）；合计列未纳入。",
    ),
    "ingest.note.total_left_out_unchecked": (
        "{column} is a total: it was left out (it has no values to check).",
        "{column} 是合计：未纳入（没有可核对的数值）。",
    ),
    "ingest.note.total_mismatch": (
        "{column} is a total and was left out, but on {count} of {rows} rows the channels do not "
        "add up to it (worst: row {row}, total {total}, channels {sum}). A channel may be missing "
        "from the file, or the total may include fees; check those rows.",
        "{column} 是合计，已不纳入；但在 {rows} 行中有 {count} 行各渠道之和与合计不符"
        "（差距最大：第 {row} 行，合计 {total}，渠道之和 {sum}）。可能文件缺少某个渠道，"
        "或合计包含其他费用；请核对这些行。",
    ),
    # --- analytics.join: datasets from several files (issue 14 item 4) ---
    "ingest.error.join_one_file": (
        "Joining needs at least two files. Upload the orders file and its related files "
        "(payments, line items, customers) together.",
        "合并至少需要两个文件。请同时上传订单文件及其关联文件（支付、订单明细、客户）。",
    ),
    "ingest.error.join_no_key": (
        "No shared key was found between {files}: no column of one file has values found in "
        "another. Check that the files are exports of the same orders, or import them one by one.",
        "在 {files} 之间未找到共同的关联键：没有哪一列的取值能在另一个文件中找到。请确认这些文件"
        "导出自同一批订单，或逐个导入。",
    ),
    "ingest.error.join_spec": (
        "The join settings do not fit the files: {detail}. Fix the file names, key columns or "
        "roles, or leave join out to have them proposed.",
        "合并设置与文件不符：{detail}。请修正文件名、关联列或角色，或不指定 join 由系统推荐。",
    ),
    "join.reason.no_match": (
        "its key is not in the main file",
        "关联键在主文件中不存在",
    ),
    "join.reason.blank_key": ("its key is empty", "关联键为空"),
    "join.reason.duplicate_key": (
        "its key repeats an earlier row of a one-row-per-key file (the first row was used)",
        "关联键与前面的行重复（每个键只应有一行，已使用第一行）",
    ),
    "join.note.person_id": (
        "{column} identifies a person: {customers} customer IDs belong to {persons} people, "
        "so repeat customers are counted by {column}.",
        "{column} 标识的是同一个人：{customers} 个客户 ID 属于 {persons} 人，因此复购按 {column} 统计。",
    ),
    "join.note.line_level": (
        "One row per order line: {orders} orders became {rows} rows; order-level values are "
        "repeated on each line and the amount comes from the lines.",
        "按订单明细逐行展开：{orders} 个订单变为 {rows} 行；订单级字段在每行重复，金额取自明细行。",
    ),
    "join.note.no_payment": (
        "{count} orders have no row in {file}: their amount is unknown, so the import leaves them "
        "out (counted under a missing amount, and in the dropped rows you can download).",
        "{count} 个订单在 {file} 中没有对应行：金额未知，因此导入时不纳入（计入“缺少金额”，"
        "可在下载的剔除行中查看）。",
    ),
    "join.note.items_summed": (
        "{file} has no money column: its rows are summed per order instead of one row per line.",
        "{file} 没有金额列：其行按订单汇总，而不是逐行展开。",
    ),
    "join.note.lines_primary_duplicates": (
        "{keys} keys appear more than once in the main file: their lines are repeated for each "
        "of those rows.",
        "主文件中有 {keys} 个关联键出现多次：这些行的明细会各自重复一次。",
    ),
    # -- a related file added to a loaded dataset (analytics.related; issue 14 item 4, wizard)
    "ingest.note.related_added": (
        "{files} joined to the loaded dataset {dataset} ({rows} rows kept from its import; the "
        "rows that import dropped are counted again here with their reasons).",
        "{files} 已合并到已载入的数据集 {dataset}（沿用其导入时保留的 {rows} 行；当时剔除的行"
        "连同原因一并计入此处）。",
    ),
    # lang15: analytics errors (AnalyticsError codes), analytics.<module>.<code>
    "analytics.pricing.own_only": (
        "The price index compares our prices with competitors', and this data holds only "
        "'{seller}''s own prices. Load competitor prices: a file with a seller column, or one "
        "price column per competitor.",
        "价格指数用于比较我方与竞品的价格，而此数据只有“{seller}”自己的价格。请载入竞品价格："
        "含卖家列的文件，或每个竞品一列价格。",
    ),
    "analytics.kpi.period_bounds": (
        "A custom period needs a start and an end day.",
        "自定义周期需要开始日和结束日。",
    ),
    "analytics.kpi.orders_column": (
        "The orders need a '{column}' column; map one on the Data page.",
        "订单数据需要“{column}”列，请在导入数据页映射一列。",
    ),
    "analytics.kpi.traffic_column": (
        "The traffic data needs a '{column}' column; map one on the Data page.",
        "流量数据需要“{column}”列，请在导入数据页映射一列。",
    ),
    "analytics.kpi.overview_no_data": (
        "The overview needs orders, traffic or spend data.",
        "概览需要订单、流量或推广花费数据。",
    ),
    "analytics.kpi.no_paid_orders": (
        "All {rows} order lines are orders never paid (unpaid, or closed before payment), so "
        "there is no revenue and no order to show. If they were paid, check which column "
        "holds the order status on the Import page.",
        "全部 {rows} 行订单均为未付款订单（待付款，或付款前已关闭），因此没有可显示的收入和订单。"
        "如果这些订单已付款，请在导入页检查哪一列是订单状态。",
    ),
    "analytics.kpi.no_dated_rows": (
        "The loaded data has no dated rows.",
        "已载入的数据没有带日期的行。",
    ),
    "analytics.traffic.custom_columns": (
        "The custom mapping needs the columns source, medium and channel; missing {missing}.",
        "自定义渠道规则需要 source、medium 和 channel 三列，缺少：{missing}。",
    ),
    "analytics.traffic.category_columns": (
        "The source-category table needs the columns source and source_category.",
        "来源分类表需要 source 和 source_category 两列。",
    ),
    "analytics.traffic.traffic_channel": (
        "The traffic data needs a channel column, or source and medium columns.",
        "流量数据需要渠道列，或 source 与 medium 列。",
    ),
    "analytics.traffic.traffic_visitors": (
        "The traffic data needs a visitors (UV) or sessions column.",
        "流量数据需要访客数（UV）或会话数列。",
    ),
    "analytics.traffic.traffic_no_data": (
        "There is no traffic or orders-with-channel data to analyse.",
        "没有可分析的流量数据，也没有带渠道的订单数据。",
    ),
    "analytics.traffic.end_before_start": (
        "The end date is before the start date; pick a later end date.",
        "结束日期早于开始日期，请选择更晚的结束日期。",
    ),
    "analytics.traffic.no_revenue": (
        "Revenue is needed to explain a change; load data with revenue or orders.",
        "解释变化需要收入数据，请载入含收入或订单的数据。",
    ),
    "analytics.pricing.unknown_seller": (
        "Seller '{seller}' is not in the prices data; choose one of {known}.",
        "价格数据中没有卖家“{seller}”，请从以下卖家中选择：{known}。",
    ),
    "analytics.pricing.prices_columns": (
        "The prices data lacks the column(s) {missing}; map them on the Import data page (date, product, seller and price are required).",
        "价格数据缺少列：{missing}。请在导入数据页映射（日期、商品、卖家和价格为必需）。",
    ),
    "analytics.pricing.unit_size": (
        "Per-unit prices need a unit_size column (e.g. grams or pieces).",
        "单位价格需要规格列（如克数或件数）。",
    ),
    "analytics.pricing.no_competitor": (
        "The competitor index needs a competitor seller to compare with.",
        "竞品价格指数需要一个用于比较的竞争卖家。",
    ),
    "analytics.pricing.own_competitor": (
        "Choose a competitor other than our own seller.",
        "请选择本店以外的竞争卖家。",
    ),
    "analytics.pricing.no_overlap": (
        "No product has both our price and a competitor's on the same date.",
        "没有任何商品在同一天同时有我方价格和竞品价格。",
    ),
    "analytics.pricing.unknown_product": (
        "Product '{product}' is not in the prices data.",
        "价格数据中没有商品“{product}”。",
    ),
    "analytics.pricing.no_price": (
        "The prices data has no usable price.",
        "价格数据中没有可用的价格。",
    ),
    "analytics.pricing.no_price_before": (
        "No price observed on or before that date.",
        "该日期及之前没有观测到价格。",
    ),
    "analytics.pricing.weights_amount": (
        "The orders data needs an amount column to weight by sales.",
        "按销售额加权需要订单数据中的金额列。",
    ),
    "analytics.pricing.seller_no_products": (
        "Seller '{seller}' has no products to match against.",
        "卖家“{seller}”没有可匹配的商品。",
    ),
    "analytics.pricing.cost_columns": (
        "A cost table needs two columns: product and cost.",
        "成本表需要两列：商品和成本。",
    ),
    "analytics.pricing.cost_rows": (
        "No row of the cost table has both a product and a numeric cost.",
        "成本表中没有一行同时有商品和数字成本。",
    ),
    "analytics.clustering.rfm_columns": (
        "The RFM table lacks the column(s) {missing}.",
        "RFM 表缺少列：{missing}。",
    ),
    "analytics.clustering.kmeans_values": (
        "k-means needs customers with a purchase and positive net spend; leave out missing or negative values first.",
        "k-means 需要有购买且净消费为正的客户，请先排除缺失或为负的值。",
    ),
    "analytics.clustering.kmeans_few": (
        "k-means needs at least 3 customers with different R, F, M values.",
        "k-means 至少需要 3 位 R、F、M 值不同的客户。",
    ),
    "analytics.clustering.kmeans_k": (
        "k must be between 2 and the number of distinct customers ({distinct}); got {k}.",
        "k 必须在 2 与不同客户数（{distinct}）之间，当前为 {k}。",
    ),
    "analytics.funnel.empty_step": (
        "Every step needs at least one event name; remove the empty step.",
        "每个步骤至少需要一个事件名称，请删除空步骤。",
    ),
    "analytics.funnel.n_steps": (
        "Pick between 2 and {most} steps; got {n}.",
        "请选择 2 到 {most} 个步骤，当前为 {n} 个。",
    ),
    "analytics.funnel.event_twice": (
        "Event '{event}' is used in step {a} and step {b}; an event name can belong to one step only.",
        "事件“{event}”同时用于第 {a} 步和第 {b} 步，一个事件名称只能属于一个步骤。",
    ),
    "analytics.funnel.events_columns": (
        "The event log has no {missing} column; map a column to it on the import page.",
        "事件日志没有 {missing} 列，请在导入页为其映射一列。",
    ),
    "analytics.funnel.event_time": (
        "event_time must hold dates and times; check its column mapping.",
        "事件时间列必须是日期时间，请检查其列映射。",
    ),
    "analytics.funnel.window_zero": (
        "The conversion window must be longer than zero.",
        "转化窗口必须大于零。",
    ),
    "analytics.funnel.two_steps": (
        "A funnel needs at least 2 steps.",
        "漏斗至少需要 2 个步骤。",
    ),
    "analytics.funnel.counts_negative": (
        "Step counts must be numbers of 0 or more.",
        "步骤数量必须是大于等于 0 的数字。",
    ),
    "analytics.funnel.table_empty": (
        "The funnel table is empty; give one row per step with a count.",
        "漏斗表为空，请每个步骤一行并填写数量。",
    ),
    # --- analytics.experiments ---
    "analytics.experiments.events_columns": (
        "The events log lacks the columns {missing}; an experiment needs user_id, event_time, "
        "event and a variant column.",
        "事件日志缺少列 {missing}；实验需要 user_id、event_time、event 和一个分组列。",
    ),
    "analytics.experiments.orders_columns": (
        "The orders lack the columns {missing}; pick a variant or coupon column.",
        "订单缺少列 {missing}；请选择一个分组列或优惠券列。",
    ),
    "analytics.experiments.table_columns": (
        "The table lacks the columns {missing}; give each variant its users and conversions.",
        "表格缺少列 {missing}；请为每个分组填写用户数和转化数。",
    ),
    "analytics.experiments.no_exposed": (
        "No user has a value in the column {column}; pick the column that holds the variant.",
        "没有用户在列 {column} 中有取值；请选择记录实验分组的列。",
    ),
    "analytics.experiments.two_variants": (
        "An experiment needs two variants or more; found {n}. Pick another column or add a row.",
        "实验至少需要两个分组，现在只有 {n} 个。请换一列或添加一行。",
    ),
    "analytics.experiments.variant_twice": (
        "A variant is named twice in the table; give each variant one row.",
        "表格中有分组名称重复；每个分组只填一行。",
    ),
    "analytics.experiments.table_counts": (
        "The counts of {variant} do not fit: users and conversions must be whole numbers with "
        "0 <= conversions <= users.",
        "分组 {variant} 的数字有误：用户数和转化数必须是整数，且 0 ≤ 转化数 ≤ 用户数。",
    ),
    "analytics.experiments.no_control": (
        "The control {control} is not one of the variants; pick the control again.",
        "对照组 {control} 不在分组中；请重新选择对照组。",
    ),
    "analytics.experiments.no_users": (
        "Every variant needs at least one user; fill in the users of each variant.",
        "每个分组至少需要一个用户；请填写每个分组的用户数。",
    ),
    "analytics.experiments.baseline": (
        "The baseline conversion rate must be between 0% and 100% (got {baseline}).",
        "基准转化率必须在 0% 到 100% 之间（当前为 {baseline}）。",
    ),
    "analytics.experiments.split": (
        "The planned split {text} does not fit {n} variants: give one positive number per "
        "variant, the control first (90/10, 1:1:2), or leave it empty for an even split.",
        "计划分配比例 {text} 与 {n} 个分组不符：请按对照组在前为每个分组填写一个正数（如 90/10、1:1:2），"
        "或留空表示均分。",
    ),
    "analytics.experiments.mde": (
        "The minimum detectable effect {mde} gives no rate between 0% and 100%; pick a smaller one.",
        "最小可检测效应 {mde} 使转化率超出 0% 到 100%；请选更小的值。",
    ),
    "analytics.funnel.table_numbers": (
        "The funnel table has no column of numbers; add a count for each step.",
        "漏斗表没有数字列，请为每个步骤填写数量。",
    ),
    "analytics.funnel.table_shape": (
        "The funnel table needs a step column and a count column, or one number column per step.",
        "漏斗表需要一列步骤和一列数量，或每个步骤一列数字。",
    ),
    "analytics.funnel.table_steps": (
        "The funnel table must have between 2 and {most} steps; it has {n}.",
        "漏斗表必须有 2 到 {most} 个步骤，当前有 {n} 个。",
    ),
    "analytics.funnel.pick_two": (
        "Pick two different steps between 1 and {n}.",
        "请在 1 到 {n} 之间选择两个不同的步骤。",
    ),
    "analytics.funnel.pick_step": (
        "Pick a step between 2 and {n}.",
        "请在 2 到 {n} 之间选择一个步骤。",
    ),
    "analytics.funnel.orders_columns": (
        "The orders data needs order_id and amount.",
        "订单数据需要订单号和金额列。",
    ),
    "analytics.funnel.no_breakdown": (
        "There is no column '{column}' to break the funnel down by.",
        "没有可用于拆分漏斗的列“{column}”。",
    ),
    "analytics.funnel.period_day": (
        "The period must be at least one day.",
        "周期至少为一天。",
    ),
    "analytics.rfm.orders_columns": (
        "The orders table lacks the column(s) {missing}; map them on the import page (customer, order time and amount are needed for RFM).",
        "订单表缺少列：{missing}。请在导入页映射（RFM 需要客户、下单时间和金额）。",
    ),
    "analytics.rfm.missing_values": (
        "Cannot score {metric} with missing values.",
        "{metric} 有缺失值，无法评分。",
    ),
    "analytics.rfm.dates_order": (
        "The earlier analysis date must be before the later one.",
        "较早的分析日期必须早于较晚的分析日期。",
    ),
    "analytics.rfm.no_dates": (
        "The orders table has no order dates; nothing to compare.",
        "订单表没有下单日期，无法比较。",
    ),
    # --- analytics.budget: BudgetError codes (budget.err.<code>) ---
    "budget.err.no_rows": (
        "The data has no rows with a date, a channel and a spend above zero. Load a spend file with date, channel and spend columns.",
        "数据中没有同时包含日期、渠道和大于零花费的行。请加载包含日期、渠道和花费列的花费文件。",
    ),
    "budget.err.no_revenue": (
        "The data has no revenue column (nor conversions with a value per conversion). Map a revenue column, or enter the value of one conversion.",
        "数据中没有收入列（也没有转化数及单次转化价值）。请映射收入列，或填写单次转化价值。",
    ),
    "budget.err.few_periods": (
        "{channel}: only {n} periods with spend; at least {need} are needed to fit a curve. Add it as a manual curve below.",
        "{channel}：有花费的周期只有 {n} 期，拟合曲线至少需要 {need} 期。可在下方为它添加手动曲线。",
    ),
    "budget.err.no_variation": (
        "{channel}: its spend hardly varies (spread {spread:.0%} of its average), so the data cannot show how revenue responds. Vary its spend for a few periods, or add it as a manual curve.",
        "{channel}：花费几乎没有变化（波动为平均值的 {spread:.0%}），数据无法反映收入如何响应。请让其花费变化几期，或添加手动曲线。",
    ),
    "budget.err.no_fit": (
        "{channel}: no curve form could be fitted to this data.",
        "{channel}：没有任何曲线形式能拟合此数据。",
    ),
    "budget.err.no_channels": (
        "No channel has enough history to fit a curve. Details: {details}",
        "没有任何渠道有足够的历史来拟合曲线。详情：{details}",
    ),
    "budget.err.bad_budget": (
        "The budget must be a number above zero (got {budget}).",
        "预算必须是大于零的数字（当前为 {budget}）。",
    ),
    "budget.err.infeasible": (
        "The budget {budget} cannot be met within the channel limits (their sum runs from {low} to {high}). Change the budget or widen the limits.",
        "在各渠道上下限内无法达到预算 {budget}（上下限合计范围为 {low} 至 {high}）。请调整预算或放宽上下限。",
    ),
    "budget.err.bad_bounds": (
        "{channel}: the lowest spend {low} is above the highest {high}. Fix the limits.",
        "{channel}：下限 {low} 高于上限 {high}。请修正上下限。",
    ),
    "budget.err.unknown_channel": (
        "Channel {channel} has no curve; known channels: {known}.",
        "渠道 {channel} 没有曲线；已知渠道：{known}。",
    ),
    "budget.err.manual_values": (
        "A manual curve needs a spend above zero, a ROAS above zero and a saturation level (got spend {spend}, ROAS {roas}, saturation {saturation}).",
        "手动曲线需要大于零的花费、大于零的 ROAS 和饱和收入（当前：花费 {spend}，ROAS {roas}，饱和收入 {saturation}）。",
    ),
    "budget.err.manual_saturation": (
        "The saturation level must be above the revenue at that spend (ROAS x spend = {revenue}).",
        "饱和收入必须高于该花费下的收入（ROAS x 花费 = {revenue}）。",
    ),
    "budget.err.bad_scenario": (
        "This file is not a budget scenario saved by this app ({detail}). Upload a .json file downloaded from this page.",
        "此文件不是本应用保存的预算方案（{detail}）。请上传从本页下载的 .json 文件。",
    ),
    "budget.err.bad_margin": (
        "The margin must be between 0 and 1 (got {margin}).",
        "毛利率必须在 0 到 1 之间（当前为 {margin}）。",
    ),
    "budget.err.bad_target": (
        "The target ROAS must be above zero (got {target}).",
        "目标 ROAS 必须大于零（当前为 {target}）。",
    ),
    "analytics.retention.orders": (
        "The orders table lacks the column(s) {missing}; map them on the import page (customer, order time and amount are needed for retention).",
        "订单表缺少列：{missing}。请在导入页映射（留存分析需要客户、下单时间和金额）。",
    ),
    "analytics.retention.events": (
        "The event log lacks the column(s) {missing}; map them on the import page (user and event time are needed for retention).",
        "事件日志缺少列：{missing}。请在导入页映射（留存分析需要用户和事件时间）。",
    ),
    "analytics.retention.spend": (
        "The spend table lacks the column(s) {missing}; map them on the import page (date and spend are needed for acquisition cost).",
        "投放花费表缺少列：{missing}。请在导入页映射（获客成本需要日期和花费）。",
    ),
    "analytics.retention.no_starts": (
        "No customer or user starts a cohort: the data has no sales lines with a customer ID (or no rows of the start event). Map the customer column or choose another start event.",
        "没有客户或用户进入同期群：数据中没有带客户 ID 的销售行（或没有起始事件的行）。请映射客户列或选择其他起始事件。",
    ),
    "analytics.clv.no_customers": (
        "The orders have no purchases with a customer ID before the calibration end; the lifetime value model needs customers.",
        "校准截止日之前没有带客户 ID 的购买记录；生命周期价值模型需要客户数据。",
    ),
    "analytics.clv.no_repeat": (
        "Too few repeat buyers to fit the model ({repeat} of {customers} customers bought again; at least {needed} are needed).",
        "复购客户太少，无法拟合模型（{customers} 位客户中仅 {repeat} 位再次购买；至少需要 {needed} 位）。",
    ),
    "analytics.clv.fit_failed": (
        "The model could not be fitted to these data (the likelihood did not converge). Use a longer period of orders.",
        "模型无法拟合这些数据（似然函数未收敛）。请使用更长时间段的订单。",
    ),
    "analytics.clv.warn.few_repeat": (
        "Only {repeat} customers ({share}%) bought again: the purchase model rests on few repeat buyers, so its forecasts are uncertain.",
        "只有 {repeat} 位客户（{share}%）再次购买：购买模型依据的复购客户很少，预测的不确定性较大。",
    ),
    "analytics.clv.warn.short_period": (
        "The data is short for the purchase cycle: customers have been observed for {t} weeks (median), while repeat buyers buy every {cycle} weeks (median). Use a longer period of orders.",
        "数据期相对购买周期较短：客户的观察期中位数为 {t} 周，而复购客户的购买间隔中位数为 {cycle} 周。请使用更长时间段的订单。",
    ),
    "analytics.clv.warn.spend_frequency": (
        "Mean spend and purchase frequency are correlated (r = {corr}); the spend model assumes they are not, so expected values may be biased.",
        "平均消费与购买频次相关（r = {corr}）；消费模型假设二者无关，预期价值可能有偏差。",
    ),
    "analytics.engine.client_missing": (
        "The {engine} engine needs the Python package {package}. Install it (pip install "
        "'{package}') on the machine running the app, then connect again.",
        "{engine} 引擎需要 Python 包 {package}。请在运行本应用的机器上安装（pip install "
        "'{package}'），然后重新连接。",
    ),
    "analytics.engine.unknown_url": (
        "No engine reads the connection URL {url}. Use postgresql://, duckdb:///file, a folder "
        "or glob of Parquet files, spark://local[2], sc://host, bigquery:// or clickhouse://.",
        "没有引擎能读取连接地址 {url}。请使用 postgresql://、duckdb:///文件、Parquet 文件夹或通配路径、"
        "spark://local[2]、sc://主机、bigquery:// 或 clickhouse://。",
    ),
    "analytics.engine.no_parquet": (
        "No Parquet files were found at {path}. Check the folder or the pattern (e.g. /data/events/*.parquet).",
        "在 {path} 未找到 Parquet 文件。请检查文件夹或通配路径（例如 /data/events/*.parquet）。",
    ),
    "analytics.engine.live_mismatch": (
        "The table {table} cannot be queried in place as the import would read it: the "
        "database's values of {columns} differ from the import's (a date or number format, "
        "or order states that depend on other rows). Import the table instead.",
        "表 {table} 无法按导入的读法在数据库中直接查询：{columns} 的数据库取值与导入结果不同"
        "（日期或数字格式，或取决于其他行的订单状态）。请改为导入该表。",
    ),
    "analytics.engine.live_rows": (
        "The table {table} cannot be queried in place: of its first {read} rows the import "
        "gives {kept} (it leaves out or reshapes rows, as for a table with one price column "
        "per seller), which a query on the table would not. Import the table instead.",
        "表 {table} 无法在数据库中直接查询：其前 {read} 行经导入后为 {kept} 行（导入会略去或重组行，"
        "例如每个卖家一列价格的表），直接查询则不会。请改为导入该表。",
    ),
    "analytics.engine.live_states": (
        "The status column {column} has more than {n} different values, too many to read "
        "as order states in place. Import the table instead.",
        "状态列 {column} 的不同取值超过 {n} 个，无法在数据库中直接识别订单状态。请改为导入该表。",
    ),
    "analytics.engine.query_failed": (
        "The query on {engine} over the table {table} failed: {detail}. Check that the table "
        "still exists and the server is reachable, then connect again on the Import page.",
        "在 {engine} 上查询表 {table} 失败：{detail}。请确认该表仍存在、服务器可以访问，"
        "然后在导入页重新连接。",
    ),
    "analytics.engine.live_needs_rows": (
        "This view needs the table's rows in the app; the table is queried in place in the "
        'database. Load it as a dataset (Import page, "Connect to a database", Import rows) '
        "to see it.",
        "此视图需要把表的行读入应用；该表目前在数据库中直接查询。请在导入页“连接数据库”中选择"
        "“导入行”将其加载为数据集后查看。",
    ),
    "analytics.engine.connect_failed": (
        "Could not connect to {url}: {detail}. Check the address, the user and the password "
        "(kept in .streamlit/secrets.toml or the environment), and that the server is running.",
        "无法连接到 {url}：{detail}。请检查地址、用户名和密码（保存在 .streamlit/secrets.toml 或环境变量中），"
        "以及服务器是否在运行。",
    ),
}


class AnalyticsError(ValueError):
    """An analysis that cannot run on the data given, as a coded message.

    ``str(err)`` is the English text (for notebook users); ``code`` (a key of
    :data:`STRINGS`) and ``params`` let the app show the same message in the
    user's language. A subclass of ``ValueError`` so existing handlers keep working.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(english(code, **params))

    def __reduce__(self):  # picklable (st.cache_data) despite keyword params
        return (_make_analytics_error, (self.code, self.params))


def _make_analytics_error(code: str, params: dict[str, Any]) -> AnalyticsError:
    return AnalyticsError(code, **params)


def require_columns(frame: Any, what: str, columns: tuple[str, ...], code: str) -> None:
    """``frame`` is a DataFrame holding ``columns``.

    Not a DataFrame is a caller's mistake (``ValueError`` naming ``what`` and the columns
    it needs); missing columns are the user's data: :class:`AnalyticsError` ``code`` with
    the missing names as ``missing``.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ValueError(
            f"{what} must be a pandas DataFrame with the columns {', '.join(columns)}."
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalyticsError(code, missing=", ".join(missing))


def fill(template: str, params: dict[str, Any]) -> str:
    """``template`` with ``params`` filled in; as written when they do not fit (never raises).

    The one placeholder rule for every message table: analytics errors, the app's
    strings (``ui.i18n``) and the weekly report's.
    """
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    """Return message ``key`` in ``lang`` ("en" or "zh"), with ``params`` filled in.

    An unknown key returns the key itself (visible, never an exception).
    """
    pair = STRINGS.get(key)
    if pair is None:
        return key
    return fill(pair[1] if lang.startswith("zh") else pair[0], params)


def english(key: str, /, **params: Any) -> str:
    """Return message ``key`` in English (the text of exceptions)."""
    return text(key, "en", **params)
