"""Strings of the overview page (views/home.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "home.tagline": (
        "Upload the exports you already have and see where traffic, sales and money go: channel mix, user layers, funnel drop-off, retention and lifetime value, competitor prices, budget what-ifs and A/B tests.",
        "上传已有的导出文件，即可看清流量、销售和花费的去向：渠道结构、用户分层、漏斗流失、留存与生命周期价值、竞品价格、预算推演和 A/B 实验。",
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
    "home.desc.experiments": (
        "Read an A/B test honestly: rates with intervals, assignment check, a reading safe to look at daily, sample size.",
        "如实解读 A/B 测试：带区间的转化率、分组分配检查、每天查看也有效的结论、所需样本量。",
    ),
    "home.desc.budget": (
        "Response curves per channel and live what-if budget scenarios, with an optimiser.",
        "各渠道投放响应曲线，实时预算推演与优化。",
    ),
}

_METRICS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "gmv": (
        ("GMV", "GMV"),
        (
            "Gross merchandise value: paid money of the orders placed in the period, before refunds (sum of the paid amounts; unpaid orders and orders closed before payment are left out, refund lines too). Without orders: the traffic file's revenue. GMV = visitors x conversion rate x orders per buyer x AOV.",
            "成交总额：期间内所下订单的实付金额，未扣除退款（实付金额之和；未付款订单、付款前关闭的订单和退款行不计入）。无订单数据时取流量数据的销售额。GMV = 访客数 x 转化率 x 人均订单数 x 客单价。",
        ),
    ),
    "orders": (
        ("Orders", "订单数"),
        (
            "Distinct paid orders: orders with at least one line that is neither a refund line nor never paid (unpaid and closed-before-payment orders do not count).",
            "已付款的不同订单数：至少有一行既非退款行也非未付款的订单（未付款和付款前关闭的订单不计入）。",
        ),
    ),
    "buyers": (
        ("Buyers", "买家数"),
        (
            "Distinct customers who placed a paid order in the period (not a sum of daily buyers). Needs customer IDs in the orders.",
            "期间内下过已付款订单的不同客户数（不是每日买家数之和）。需要订单中有客户 ID。",
        ),
    ),
    "visitors": (
        ("Visitors (UV)", "访客数 (UV)"),
        (
            "Sum of the traffic file's visitors. With orders loaded, only the channels the orders come from count.",
            "流量数据中访客数之和。已加载订单时，只计入订单所属渠道的访客。",
        ),
    ),
    "cr": (
        ("Conversion rate", "转化率"),
        ("Buyers / visitors.", "买家数 / 访客数。"),
    ),
    "aov": (
        ("AOV", "客单价"),
        ("Average order value = GMV / orders.", "平均订单金额 = GMV / 订单数。"),
    ),
    "repurchase": (
        ("Repurchase rate", "复购率"),
        (
            "Buyers with 2+ orders in the period / buyers with 1+ order in the period.",
            "期间内下单 2 次及以上的买家 / 期间内下单的买家。",
        ),
    ),
    "new_buyers": (
        ("New buyers", "新买家"),
        (
            "Buyers whose first order in the loaded data is in the period.",
            "首次下单（在已加载数据中）发生在本期的买家。",
        ),
    ),
    "returning_buyers": (
        ("Returning buyers", "老买家"),
        ("Buyers who had ordered before the period.", "本期之前已下过单的买家。"),
    ),
    "spend": (
        ("Ad spend", "推广花费"),
        (
            "The spend file's spend (else the traffic file's spend column).",
            "推广花费数据中的花费（没有时取流量数据的花费列）。",
        ),
    ),
    "roas": (
        ("ROAS", "ROAS"),
        (
            "Return on ad spend = revenue / spend: revenue attributed to the paid channels where the file has it, else GMV / spend (blended).",
            "广告支出回报 = 销售额 / 花费：有渠道归因销售额时用它，否则为 GMV / 花费（整体）。",
        ),
    ),
    "orders_per_buyer": (
        ("Orders per buyer", "人均订单数"),
        ("Orders / buyers.", "订单数 / 买家数。"),
    ),
    "payment_success": (
        ("Payment success", "支付成功率"),
        (
            "Users who purchased / users who reached checkout, per day, from the event log.",
            "来自行为日志：每日完成支付的用户 / 进入结算的用户。",
        ),
    ),
    "refunds": (
        ("Refunds", "退款金额"),
        (
            "Money returned in the period: refund lines and credit notes, plus refunds on paid orders (the file's refund amount; a fully refunded order's whole amount). Net revenue = GMV - refunds.",
            "期间内退回的金额：退款行和红冲单，加上已付款订单的退款（文件中的退款金额；全额退款订单为全部金额）。净收入 = GMV - 退款金额。",
        ),
    ),
}

for _m, ((_en, _zh), (_den, _dzh)) in _METRICS.items():
    STRINGS[f"home.metric.{_m}"] = (_en, _zh)
    STRINGS[f"home.def.{_m}"] = (_den, _dzh)

STRINGS.update(
    {
        "home.need_data": (
            "Load orders, traffic or spend data to see the KPI cockpit, alerts and the weekly report.",
            "加载订单、流量或推广花费数据后，即可查看指标驾驶舱、预警和周报。",
        ),
        "home.cockpit": ("How the period went", "本期概况"),
        "home.period": ("Period", "周期"),
        "home.period.week": ("Last 7 days", "最近 7 天"),
        "home.period.month": ("Month to date", "本月至今"),
        "home.period.custom": ("Custom", "自定义"),
        "home.range": ("Days", "日期"),
        "home.pick_range": ("Pick a first and a last day.", "请选择开始和结束日期。"),
        "home.period_caption": (
            "{start} – {end} against {pstart} – {pend}; last year: {ystart} – {yend} (52 weeks earlier, same weekdays).",
            "{start} – {end} 对比 {pstart} – {pend}；去年同期：{ystart} – {yend}（52 周前，星期对齐）。",
        ),
        "home.yoy": ("vs last year: {pct}", "同比：{pct}"),
        "home.no_yoy": ("no data a year before", "无去年同期数据"),
        "home.error": (
            "The overview cannot be computed from the loaded data: {error} Check the files on the Import data page.",
            "无法根据已加载数据计算概览：{error}请在导入数据页检查文件。",
        ),
        "home.trend": ("Daily trend", "每日趋势"),
        "home.trend_metric": ("Metric", "指标"),
        "home.tree": ("GMV driver tree", "GMV 驱动因素拆解"),
        "home.tree_help": (
            "GMV = visitors x conversion rate x orders per buyer x AOV. Each driver's contribution is its Shapley value: its effect on GMV averaged over every order of changing the drivers, so the contributions add up exactly to the change.",
            "GMV = 访客数 x 转化率 x 人均订单数 x 客单价。每个因素的贡献为其 Shapley 值：在所有因素变化顺序下其对 GMV 影响的平均，因此各贡献之和恰好等于总变化。",
        ),
        "home.tree_none": (
            "The driver tree needs orders (or traffic with revenue) and visitors in both periods.",
            "驱动拆解需要两个周期都有订单（或含销售额的流量）和访客数据。",
        ),
        "home.tree.previous": ("Previous GMV", "上期 GMV"),
        "home.tree.current": ("GMV now", "本期 GMV"),
        "home.tree.caption": (
            "GMV changed by {total} ({pct}); the contributions add up to that.",
            "GMV 变化 {total}（{pct}）；各因素贡献之和即为该变化。",
        ),
        "home.col.driver": ("Driver", "驱动因素"),
        "home.col.previous": ("Previous", "上期"),
        "home.col.current": ("Now", "本期"),
        "home.col.pct": ("Change", "变化"),
        "home.col.contribution": ("Contribution to GMV", "对 GMV 的贡献"),
        "home.col.step": ("Step", "步骤"),
        "home.col.value": ("Value", "数值"),
        "home.col.metric": ("Metric", "指标"),
        "home.col.last_year": ("Last year", "去年同期"),
        "home.col.yoy": ("vs last year", "同比"),
        "home.alerts": ("Alerts", "预警"),
        "home.no_alerts": ("No alert rule fired in this period.", "本期没有触发预警规则。"),
        "home.rules": ("Alert rules", "预警规则"),
        "home.rules_help": (
            "Edit, switch off or add rules. Drop: a day's metric is down more than the threshold (a fraction, 0.15 = 15%) against the same weekday a week before. Floor: a day's ratio is below the threshold. Channel ROAS: a channel's ROAS over the period is below the threshold. Down / up vs previous period: the period's figure moved more than the threshold (a fraction) against the previous period.",
            "可编辑、停用或新增规则。下降：某日指标比上周同一天下降超过阈值（小数，0.15 = 15%）。下限：某日比率低于阈值。渠道 ROAS：某渠道本期 ROAS 低于阈值。较上期下降 / 上升：本期数值较上期变化超过阈值（小数）。",
        ),
        "home.rules.on": ("On", "启用"),
        "home.rules.rule": ("Rule", "规则"),
        "home.rules.metric": ("Metric", "指标"),
        "home.rules.threshold": ("Threshold", "阈值"),
        "home.rules.reset": ("Default rules", "恢复默认规则"),
        "home.rule.drop_vs_last_week": (
            "Down vs same weekday last week",
            "较上周同日下降",
        ),
        "home.rule.floor": ("Below a floor", "低于下限"),
        "home.rule.channel_roas_below": ("A channel's ROAS below", "渠道 ROAS 低于"),
        "home.rule.fall_vs_previous": ("Down vs previous period", "较上期下降"),
        "home.rule.rise_vs_previous": ("Up vs previous period", "较上期上升"),
        "home.alert.drop_vs_last_week": (
            "{date}: {metric} {value} is {pct} below the same weekday last week ({reference}).",
            "{date}：{metric} {value}，比上周同日（{reference}）下降 {pct}。",
        ),
        "home.alert.floor": (
            "{date}: {metric} {value} is below the floor {threshold}.",
            "{date}：{metric} {value} 低于下限 {threshold}。",
        ),
        "home.alert.fall_vs_previous": (
            "{metric} {value} in the period, {pct} against the previous period ({reference}): a fall of more than {limit}.",
            "{metric} 本期 {value}，较上期（{reference}）{pct}：降幅超过 {limit}。",
        ),
        "home.alert.rise_vs_previous": (
            "{metric} {value} in the period, {pct} against the previous period ({reference}): a rise of more than {limit}.",
            "{metric} 本期 {value}，较上期（{reference}）{pct}：升幅超过 {limit}。",
        ),
        "home.alert.channel_roas_below": (
            "Channel {channel}: ROAS {value} in the period, below {threshold}.",
            "渠道 {channel}：本期 ROAS {value}，低于 {threshold}。",
        ),
        "home.anomalies": ("Unusual days", "异常日期"),
        "home.anomaly_method": (
            "Method: each day is compared with the median of the same weekday over the previous 8 weeks; the spread is the typical (median) deviation of the previous 8 weeks, at least 5% (and the Poisson noise for counts). A day is unusual when it is more than {threshold} spreads and more than 25% away from that baseline. Medians ignore odd weeks in the history. Per channel only visitors are judged.",
            "方法：每天与前 8 周同一星期几的中位数比较；波动幅度取前 8 周偏差的中位数（至少 5%，计数类指标不低于泊松噪声）。偏离基线超过 {threshold} 倍波动且超过 25% 时判为异常。中位数不受历史中个别异常周影响。分渠道只判断访客数。",
        ),
        "home.anomaly": (
            "{date}: {metric} {value}, {direction} {pct} against the usual {expected} for this weekday.",
            "{date}：{metric} {value}，比该星期几的常规水平 {expected} {direction} {pct}。",
        ),
        "home.anomaly.channel": (
            "{date}: {metric} of {channel} {value}, {direction} {pct} against the usual {expected} for this weekday.",
            "{date}：{channel} 的{metric} {value}，比该星期几的常规水平 {expected} {direction} {pct}。",
        ),
        "home.no_anomalies": ("No unusual day in this period.", "本期没有异常日期。"),
        "home.direction.up": ("up", "高出"),
        "home.direction.down": ("down", "低了"),
        "home.sensitivity": ("Sensitivity (score threshold)", "灵敏度（得分阈值）"),
        "home.changes": ("What changed", "本期变化"),
        "home.no_changes": (
            "Nothing moved by more than 5% against the previous period.",
            "与上期相比没有超过 5% 的变化。",
        ),
        "home.change.up": (
            "{metric} up {pct} against the previous period ({previous} → {current}).",
            "{metric} 较上期上升 {pct}（{previous} → {current}）。",
        ),
        "home.change.down": (
            "{metric} down {pct} against the previous period ({previous} → {current}).",
            "{metric} 较上期下降 {pct}（{previous} → {current}）。",
        ),
        "home.change.driver": (
            "{driver} moved GMV most: {contribution} of the {total} change ({pct} on its own).",
            "对 GMV 影响最大的是{driver}：贡献 {contribution}（总变化 {total}，自身变化 {pct}）。",
        ),
        "home.change.anomaly": ("Unusual day — {text}", "异常日 — {text}"),
        "home.change.alert": ("Alert — {text}", "预警 — {text}"),
        "home.explain": ("Explained on: {page}", "详见：{page}"),
        "home.report": ("Weekly report", "周报"),
        "home.report_text": (
            "One click builds a self-contained report of the period (cockpit, alerts and the key chart and table of each analysis page) that opens offline, as HTML and PDF.",
            "一键生成本期的独立报告（驾驶舱、预警以及各分析页的关键图表和表格），可离线打开，提供 HTML 和 PDF。",
        ),
        "home.report.lang": ("Report language", "报告语言"),
        "home.report.build": ("Build the report", "生成报告"),
        "home.report.html": ("Download HTML", "下载 HTML"),
        "home.report.pdf": ("Download PDF", "下载 PDF"),
        "home.report.failed": (
            "The report could not be built: {error}",
            "报告生成失败：{error}",
        ),
        "home.report.pdf_failed": (
            "The PDF could not be built ({error}); the HTML report is ready.",
            "PDF 生成失败（{error}）；HTML 报告已生成。",
        ),
        "home.report.ready": ("Report ready: {name}", "报告已生成：{name}"),
        "home.report.title": ("Weekly report {start} – {end}", "周报 {start} – {end}"),
        "home.report.generated": (
            "Built {when} from: {files}.",
            "生成于 {when}，数据来源：{files}。",
        ),
        "home.report.section.cockpit": ("KPI cockpit", "核心指标"),
        "home.report.section.traffic": ("Traffic sources", "流量来源"),
        "home.report.section.segments": ("Customer segments", "用户分层"),
        "home.report.section.funnel": ("Funnel", "转化漏斗"),
        "home.report.section.pricing": ("Competitor prices", "竞品价格"),
        "home.report.section.budget": ("Budget", "预算分配"),
        "home.report.missing": (
            "Not in this report: no {kind} data was loaded.",
            "本报告未包含：未加载{kind}数据。",
        ),
        "home.report.unavailable": ("Could not be computed: {error}", "无法计算：{error}"),
        # orders without customer IDs (issue 14, helper "states")
        "home.report.no_customers": (
            "Not in this report: the orders have no customer ID column (or it is empty), and customer segments need one. GMV, orders and AOV above do not.",
            "本报告未包含：订单没有客户 ID 列（或该列为空），用户分层需要客户 ID。上面的 GMV、订单数和客单价不需要。",
        ),
        "home.no_customers": (
            "The orders have no customer IDs: buyers, conversion rate, repurchase rate and new / returning buyers need them and are not shown. GMV, orders and AOV are.",
            "订单没有客户 ID：买家数、转化率、复购率和新老买家需要客户 ID，因此不显示。GMV、订单数和客单价照常显示。",
        ),
        "home.report.traffic_note": (
            "Revenue attributed to channels in the traffic file, in the period against the previous period; visits are the traffic file's visitors summed per source and day.",
            "流量文件中归因到各渠道的销售额，本期对比上期；访问数为流量文件按来源和日期累加的访客数。",
        ),
        "home.report.segments_note": (
            "RFM segments as of the end of the period (customers and revenue per segment).",
            "截至本期末的 RFM 分层（各层客户数和销售额）。",
        ),
        "home.report.funnel_note": (
            "Users reaching each step within 7 days, as on the Funnel page with its default settings: the whole event log ({start} – {end}); {n} users still inside their window are left out.",
            "各步骤 7 天内到达的用户数，与漏斗页默认设置相同：全部行为日志（{start} – {end}）；仍在窗口期内的 {n} 位用户不计。",
        ),
        "home.report.pricing_note": (
            "Our price index against the market average (100 = same as the market; above 100 = we are dearer), and our position per product on the last day.",
            "本店相对市场均价的价格指数（100 = 与市场持平；高于 100 = 更贵），以及最后一天各商品的价格位置。",
        ),
        "home.report.budget_note": (
            "Fitted response curves per paid channel: spend and revenue at the current plan, ROAS and marginal ROAS.",
            "各付费渠道拟合的响应曲线：当前计划下的花费、销售额、ROAS 与边际 ROAS。",
        ),
        "home.report.col.channel": ("Channel", "渠道"),
        "home.report.col.revenue": ("Revenue", "销售额"),
        "home.report.col.channel_revenue": (
            "Revenue attributed (traffic file)",
            "渠道归因销售额（流量文件）",
        ),
        "home.report.col.channel_revenue_prev": ("Attributed before", "上期归因销售额"),
        "home.report.col.visits": ("Visits (per source and day)", "访问数（按来源和日期累加）"),
        "home.report.col.revenue_prev": ("Revenue before", "上期销售额"),
        "home.report.col.visitors": ("Visitors", "访客数"),
        "home.report.col.segment": ("Segment", "分层"),
        "home.report.col.customers": ("Customers", "客户数"),
        "home.report.col.share": ("Share", "占比"),
        "home.report.col.users": ("Users", "用户数"),
        "home.report.col.conversion": ("From previous step", "较上一步转化"),
        "home.report.col.date": ("Date", "日期"),
        "home.report.col.index": ("Price index", "价格指数"),
        "home.report.col.position": ("Position", "价格位置"),
        "home.report.col.products": ("Products", "商品数"),
        "home.report.col.spend": ("Spend", "花费"),
        "home.report.col.roas": ("ROAS", "ROAS"),
        "home.report.col.marginal_roas": ("Marginal ROAS", "边际 ROAS"),
        "home.report.position.cheapest": ("cheapest", "最便宜"),
        "home.report.position.middle": ("in the middle", "居中"),
        "home.report.position.most_expensive": ("most expensive", "最贵"),
        "home.report.position.only_us": ("only we sell it", "仅本店销售"),
        "home.report.position.not_ours": ("not sold by us", "本店未售"),
        "home.report.chart.gmv": ("Daily GMV", "每日 GMV"),
        # --- issue 14 item 2 (helper "kinds"): one-event logs, own-only prices ---
        "home.report.funnel_one_event": (
            'Every event in the log is "{event}": a funnel needs two or more steps.',
            "日志中的所有事件都是“{event}”：漏斗需要两个或以上的步骤。",
        ),
        "home.report.pricing_own_only": (
            "Only our own prices are loaded ({seller}): the price index and position need "
            "competitor prices.",
            "只加载了本店价格（{seller}）：价格指数和价格位置需要竞品价格。",
        ),
        # report15: reconciliation lines, last-year note (issue 15 item 1)
        "home.reconcile.revenue": (
            "Revenue attributed to channels in the traffic file: {traffic} against GMV from the orders: {gmv} ({diff}, {diff_pct}). {other} of it comes from {n} traffic channels the orders do not have (another shop or site in the same file); the shop's own channels differ from GMV by {rest} (the traffic file's attribution against the paid order lines).",
            "流量文件中归因到渠道的销售额：{traffic}，订单 GMV：{gmv}（相差 {diff}，{diff_pct}）。其中 {other} 来自订单中没有的 {n} 个流量渠道（同一文件中的其他店铺或站点）；本店渠道与 GMV 相差 {rest}（流量文件的归因与已付款订单行之差）。",
        ),
        "home.reconcile.visits": (
            "Visits in the traffic file (visitors summed per source and day, all channels): {visits} against visitors (UV) of the shop's channels in the cockpit: {uv} ({diff}, {diff_pct}); {other} of the visits are on {n} channels the orders do not have.",
            "流量文件中的访问数（按来源和日期累加的访客数，全部渠道）：{visits}，概况中本店渠道的访客数（UV）：{uv}（相差 {diff}，{diff_pct}）；其中 {other} 次访问来自订单中没有的 {n} 个渠道。",
        ),
        "home.no_last_year": (
            "No last-year comparison: the data starts on {first}, after the same days a year earlier ({ystart} – {yend}).",
            "无同比：数据从 {first} 开始，晚于去年同期（{ystart} – {yend}）。",
        ),
    }
)
