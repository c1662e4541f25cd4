"""Strings of the Retention & LTV page (issue 17)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "retention.intro": (
        "Who comes back, when, and what a customer is worth: cohorts by first order or first "
        "event, retention curves, value per cohort and channel, payback against acquisition "
        "cost, and a lifetime value forecast per customer.",
        "谁会回来、何时回来、一位客户值多少：按首单或首次事件划分同期群，查看留存曲线、各同期群与渠道的价值、"
        "相对获客成本的回本周期，以及每位客户的生命周期价值预测。",
    ),
    # shared controls
    "retention.source": ("Cohorts from", "同期群来源"),
    "retention.source.orders": ("Orders", "订单"),
    "retention.source.events": ("Event log", "事件日志"),
    "retention.period": ("Period", "周期"),
    "retention.period.day": ("Day", "日"),
    "retention.period.week": ("Week", "周"),
    "retention.period.month": ("Month", "月"),
    "retention.definition": ("Cohort definition", "同期群定义"),
    "retention.definition.first_time": ("First time", "首次"),
    "retention.definition.recurring": ("Recurring", "重复进入"),
    "retention.window": ("Return counted", "回访计算方式"),
    "retention.window.bracket": ("N-day", "第 N 期"),
    "retention.window.unbounded": ("Unbounded", "无界"),
    "retention.window.cumulative": ("Cumulative", "累计"),
    "retention.start_event": ("Start event", "起始事件"),
    "retention.return_event": ("Return event", "回访事件"),
    "retention.any_event": ("Any event", "任意事件"),
    # tabs
    "retention.tab.cohorts": ("Cohort table", "同期群表"),
    "retention.tab.curves": ("Retention curves", "留存曲线"),
    "retention.tab.value": ("Value and payback", "价值与回本"),
    "retention.tab.ltv": ("Lifetime value forecast", "生命周期价值预测"),
    # definitions stated on the page
    "retention.def.first_time": (
        "First-time cohorts (as Mixpanel and PostHog define them): each person belongs to one "
        "cohort, the {period} of their first {start}.",
        "首次同期群（与 Mixpanel、PostHog 的定义相同）：每人只属于一个同期群，即其首次{start}所在的{period}。",
    ),
    "retention.def.recurring": (
        "Recurring cohorts (as Mixpanel and PostHog define them): a person enters the cohort of "
        "every {period} in which they did the start activity ({start}); retention is counted from "
        "each entry.",
        "重复进入同期群（与 Mixpanel、PostHog 的定义相同）：一个人在每个有起始行为（{start}）的{period}都进入该期同期群，"
        "留存从每次进入起计算。",
    ),
    "retention.def.bracket": (
        "Returned in period N: people with {ret} in exactly the N-th {period} after their cohort "
        "(Amplitude's N-day retention).",
        "第 N 期回访：在同期群之后恰好第 N 个{period}有{ret}的人（Amplitude 的 N 日留存）。",
    ),
    "retention.def.unbounded": (
        "Returned in period N or later: people with {ret} in the N-th {period} after their "
        "cohort or any later one (Amplitude's unbounded retention).",
        "第 N 期或之后回访：在同期群之后第 N 个{period}或更晚有{ret}的人（Amplitude 的无界留存）。",
    ),
    "retention.def.cumulative": (
        "Returned by period N: people with {ret} in any of periods 1 to N (GA4's "
        "cumulative calculation, counting each person once).",
        "截至第 N 期回访：在第 1 至第 N 期内至少有一次{ret}的人（GA4 的累计计算，每人只计一次）。",
    ),
    "retention.def.incomplete": (
        "Periods that have not fully elapsed by the data's last day ({last}) are marked ✱ and "
        "greyed: their counts are partial and never read as a drop; averages use complete "
        "periods only, weighted by cohort size. Bands are 95% Wilson intervals.",
        "截至数据最后一天（{last}）尚未结束的周期标记为 ✱ 并以灰色显示：其计数不完整，不视为下降；"
        "平均值只使用已结束的周期，按同期群人数加权。阴影带为 95% Wilson 置信区间。",
    ),
    "retention.def.order_start": ("order", "下单"),
    "retention.def.event_start": ("event", "事件"),
    "retention.def.named_start": ("“{name}” event", "“{name}”事件"),
    "retention.def.order_return": ("an order", "下单"),
    "retention.def.event_return": ("any event", "任意事件"),
    "retention.def.named_return": ("a “{name}” event", "“{name}”事件"),
    "retention.def.period.day": ("day", "日"),
    "retention.def.period.week": ("week", "周"),
    "retention.def.period.month": ("month", "月"),
    # cohorts tab
    "retention.col.cohort": ("Cohort", "同期群"),
    "retention.col.period": ("Periods since start", "距起始期数"),
    "retention.col.rate": ("Retention", "留存率"),
    "retention.col.count": ("Returned", "回访人数"),
    "retention.col.members": ("Cohort size", "同期群人数"),
    "retention.col.incomplete": ("Not over yet", "尚未结束"),
    "retention.col.lo": ("95% low", "95% 下限"),
    "retention.col.hi": ("95% high", "95% 上限"),
    "retention.col.cohorts": ("Complete cohorts", "已完成同期群数"),
    "retention.shown": (
        "The last {cohorts} cohorts and the first {periods} periods are shown; the download holds "
        "every cohort.",
        "图中显示最近 {cohorts} 个同期群的前 {periods} 期；下载文件包含全部同期群。",
    ),
    "retention.m.cohorts": ("Cohorts", "同期群数"),
    "retention.m.people": ("People in cohorts", "同期群总人数"),
    "retention.m.p1": ("Average retention, period 1", "第 1 期平均留存率"),
    "retention.m.last": ("Last complete cohort, period 1", "最近完整同期群第 1 期留存"),
    "retention.cannot": ("Retention cannot be computed: {error}", "无法计算留存：{error}"),
    # curves tab
    "retention.average": ("Average (complete cells)", "平均（仅已结束周期）"),
    "retention.curves_note": (
        "The thick line is the size-weighted average of the complete cells with its 95% Wilson "
        "band; thin lines are the latest cohorts, up to their last complete period.",
        "粗线为已结束周期按人数加权的平均值及其 95% Wilson 区间；细线为最近几个同期群，画到其最后一个已结束周期。",
    ),
    # value tab
    "retention.margin": ("Gross margin (% of net sales)", "毛利率（占净销售额 %）"),
    "retention.help.margin": (
        "Cost of goods is taken as (100 - this)% of net sales; where the orders carry a cost "
        "column, each line's own cost is used instead.",
        "商品成本按净销售额的 (100 - 该值)% 计；订单含成本列时，改用每行自己的成本。",
    ),
    "retention.costs_used": (
        "Product costs (a cost column, or the unit costs set on the Competitor prices page) give "
        "the margin of {share} of sales lines; the margin above applies to the rest.",
        "商品成本（成本列，或在竞品价格页设置的单位成本）用于计算 {share} 销售行的毛利；其余行按上面的毛利率计算。",
    ),
    "retention.value_by": ("Value by", "价值维度"),
    "retention.value_by.channel": ("Acquisition channel", "获客渠道"),
    "retention.value_by.all": ("All customers", "全部客户"),
    "retention.value_by.cohort": ("Cohort", "同期群"),
    "retention.payback_by_channel": (
        "Payback is computed per acquisition channel: choose a channel view to see it.",
        "回本周期按获客渠道计算：请选择渠道视图查看。",
    ),
    "retention.value_by.first_touch": ("First-touch channel", "首次触达渠道"),
    "retention.def.first_touch": (
        "First-touch channel: the channel of the customer's first event in the event log (matched "
        "by customer ID = user ID); customers without one keep their first order's channel.",
        "首次触达渠道：客户在事件日志中第一个事件的渠道（按客户 ID = 用户 ID 匹配）；没有事件的客户沿用首单渠道。",
    ),
    "retention.def.value": (
        "Value per member: each first-order cohort's net sales (refunds deducted) times the gross "
        "margin, summed from the first order on, divided by the cohort's members; the acquisition "
        "channel is the channel of the customer's first order. Curves average complete periods, "
        "weighted by members.",
        "人均价值：每个首单同期群自首单起的净销售额（扣除退款）乘以毛利率的累计值，除以同期群人数；"
        "获客渠道为客户首单的渠道。曲线为已结束周期按人数加权的平均值。",
    ),
    "retention.def.payback": (
        "Acquisition cost per customer (CAC) = the channel's spend over the cohorts' periods ÷ its "
        "new customers. Payback = the first period in which cumulative gross margin per customer "
        "reaches the CAC. LTV : CAC = gross margin per customer to date ÷ CAC.",
        "每客获客成本（CAC）= 该渠道在同期群期间的花费 ÷ 该渠道新客数。回本周期 = 每客累计毛利首次达到 CAC 的周期。"
        "LTV : CAC = 截至目前的每客毛利 ÷ CAC。",
    ),
    "retention.col.channel": ("Acquisition channel", "获客渠道"),
    "retention.col.per_member": ("Cumulative margin per customer", "每客累计毛利"),
    "retention.col.per_member_short": ("Margin per customer", "每客毛利"),
    "retention.col.customers": ("New customers", "新客数"),
    "retention.col.spend": ("Spend", "花费"),
    "retention.col.cac": ("Acquisition cost per customer", "每客获客成本"),
    "retention.col.margin_to_date": ("Margin per customer to date", "截至目前每客毛利"),
    "retention.col.ltv_cac": ("LTV : CAC", "LTV : CAC"),
    "retention.col.payback": ("Payback (periods)", "回本周期（期）"),
    "retention.no_spend": (
        "Load a spend file (date, channel, spend) to see acquisition cost and payback per channel.",
        "导入投放花费文件（日期、渠道、花费）即可查看各渠道的获客成本与回本周期。",
    ),
    "retention.no_orders_value": (
        "Value per cohort and the lifetime value forecast need orders with customer IDs.",
        "同期群价值与生命周期价值预测需要带客户 ID 的订单。",
    ),
    "retention.unmatched": (
        "Channels without spend under the same name show no acquisition cost.",
        "花费表中没有同名渠道的渠道不显示获客成本。",
    ),
    # LTV tab
    "retention.def.ltv": (
        "Forecast models (fitted by maximum likelihood): BG/NBD for purchases (a customer buys at "
        "their own rate while active and may stop after any purchase) and Gamma-Gamma for spend. "
        "Summary per customer: repeat purchases (days with an order after the first), recency "
        "(first to last purchase) and age T (first purchase to {end}), in weeks; mean spend of the "
        "repeat purchases. Expected value = expected purchases in the next {horizon} days × "
        "expected spend per purchase; {discount}.",
        "预测模型（最大似然估计）：购买次数用 BG/NBD（客户活跃时按各自的速率购买，每次购买后可能流失），"
        "客单金额用 Gamma-Gamma。每位客户的汇总：复购次数（首单之后有订单的天数）、最近购买（首单到末单）与客龄 T"
        "（首单到 {end}），单位为周；复购的平均金额。预期价值 = 未来 {horizon} 天的预期购买次数 × 预期单次金额；{discount}。",
    ),
    "retention.undiscounted": ("not discounted", "未折现"),
    "retention.discounted": (
        "discounted at {rate}% a year, month by month",
        "按每年 {rate}% 逐月折现",
    ),
    "retention.discount": ("Discount rate (% a year)", "折现率（每年 %）"),
    "retention.m.customers": ("Customers", "客户数"),
    "retention.m.repeat": ("Repeat buyers", "复购客户"),
    "retention.m.alive": ("Average P(active)", "平均活跃概率"),
    "retention.m.value": ("Expected value, next 365 days", "未来 365 天预期价值"),
    "retention.params": (
        "BG/NBD: r {r}, α {alpha}, a {a}, b {b}. Gamma-Gamma: p {p}, q {q}, γ {gamma}.",
        "BG/NBD 模型参数：r {r}，α {alpha}，a {a}，b {b}。Gamma-Gamma 模型参数：p {p}，q {q}，γ {gamma}。",
    ),
    "retention.no_gg": (
        "Too few repeat buyers with spend for the spend model: expected values are not shown.",
        "有金额的复购客户太少，无法拟合金额模型：不显示预期价值。",
    ),
    "retention.fit_title": (
        "Customers by repeat purchases: actual vs the model",
        "按复购次数的客户数：实际与模型对比",
    ),
    "retention.col.repeat": ("Repeat purchases", "复购次数"),
    "retention.col.customers_n": ("Customers", "客户数"),
    "retention.series": ("Series", "系列"),
    "retention.actual": ("Actual", "实际"),
    "retention.expected": ("Model", "模型"),
    "retention.holdout_title": (
        "Hold-out check: fitted up to {cal}, purchases from then to {end}",
        "留出期检验：用 {cal} 之前的数据拟合，检验此后至 {end} 的购买",
    ),
    "retention.col.cal_freq": ("Repeat purchases in calibration", "校准期复购次数"),
    "retention.col.actual_mean": ("Actual purchases per customer", "每客实际购买"),
    "retention.col.predicted_mean": ("Predicted purchases per customer", "每客预测购买"),
    "retention.all": ("All (total purchases)", "全部（购买总数）"),
    "retention.holdout_short": (
        "The data is too short for a hold-out check (it needs a fit on the first two thirds).",
        "数据期太短，无法做留出期检验（需要用前三分之二的数据拟合）。",
    ),
    "retention.layers_title": ("Expected value per RFM layer", "各 RFM 分层的预期价值"),
    "retention.unscored": ("Not scored (net spend 0 or less)", "未评分（净消费为 0 或更少）"),
    "retention.col.segment": ("RFM layer", "RFM 分层"),
    "retention.col.p_alive": ("P(active)", "活跃概率"),
    "retention.col.purchases_365d": ("Expected purchases, 365 days", "365 天预期购买"),
    "retention.col.expected_value": ("Expected value", "预期价值"),
    "retention.col.value_per_customer": ("Expected value per customer", "每客预期价值"),
    "retention.customers_title": ("Customers (download)", "客户明细（下载）"),
    "retention.col.customer": ("Customer", "客户"),
    "retention.col.frequency": ("Repeat purchases", "复购次数"),
    "retention.col.recency": ("Recency (weeks)", "最近购买（周）"),
    "retention.col.T": ("Age T (weeks)", "客龄 T（周）"),
    "retention.col.monetary_value": ("Mean repeat spend", "复购平均金额"),
    "retention.col.purchases_30d": ("Purchases, 30 days", "30 天购买"),
    "retention.col.purchases_90d": ("Purchases, 90 days", "90 天购买"),
    "retention.col.expected_spend": ("Expected spend per purchase", "预期单次金额"),
    "retention.top_note": (
        "The {n} customers of highest expected value are shown; the download holds all {total}.",
        "显示预期价值最高的 {n} 位客户；下载文件包含全部 {total} 位。",
    ),
    # the Overview's cockpit card and the weekly report (one call: retention.cockpit_figures)
    "home.report.section.retention": ("Retention and lifetime value", "留存与生命周期价值"),
    "home.report.retention_line": (
        "Week-1 retention of the last complete weekly cohort ({cohort}, {members} new customers): "
        "{rate}, against {before} for the four cohorts before it ({change} pp).",
        "最近一个完整周同期群（{cohort}，{members} 位新客）的第 1 周留存率为 {rate}，"
        "此前四个同期群为 {before}（{change} 个百分点）。",
    ),
    "home.report.retention_note": (
        "First-order cohorts; LTV here is the gross margin per customer to date at a {margin}% "
        "margin (the Retention & LTV page's default), CAC the channel's spend ÷ its new customers.",
        "按首单划分同期群；此处 LTV 为截至目前的每客毛利（毛利率 {margin}%，即留存与生命周期价值页的默认值），"
        "CAC 为渠道花费 ÷ 该渠道新客数。",
    ),
    "home.retention.title": ("Retention and LTV : CAC", "留存与 LTV : CAC"),
    "home.retention.rate": ("Week-1 retention", "第 1 周留存率"),
    "home.retention.cohort": (
        "Last complete cohort: week of {cohort}, {n} new customers; against the four before it.",
        "最近完整同期群：{cohort} 当周，{n} 位新客；与此前四个同期群相比。",
    ),
    "home.retention.col.channel": ("Channel", "渠道"),
    "home.retention.col.cac": ("CAC", "CAC"),
    "home.retention.col.margin_to_date": ("LTV to date", "至今 LTV"),
    "home.retention.col.ltv_cac": ("LTV : CAC", "LTV : CAC"),
    "home.retention.help": (
        "Customers of the last weekly first-order cohort whose week 1 is over who ordered again in "
        "week 1; the change is against the four cohorts before it.",
        "最近一个第 1 周已结束的首单周同期群中，在第 1 周再次下单的客户占比；变化为与此前四个同期群相比。",
    ),
    "home.desc.retention": (
        "Cohort retention, value per cohort and channel, payback and a lifetime value forecast.",
        "同期群留存、各同期群与渠道的价值、回本周期与生命周期价值预测。",
    ),
}
