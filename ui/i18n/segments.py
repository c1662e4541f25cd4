"""Strings of the user-layering page (RFM scores, named segments, k-means, movement)."""

_RF = {
    "champions": (
        ("Champions", "冠军客户"),
        ("Bought recently and often.", "最近购买且购买频繁。"),
        (
            "Reward them: member perks, early access, ask for reviews and referrals.",
            "给予会员权益、新品抢先购，邀请评价与推荐。",
        ),
    ),
    "loyal": (
        ("Loyal", "忠诚客户"),
        ("Buy often and fairly recently.", "购买频繁，且近期有购买。"),
        (
            "Upsell higher-value products; loyalty points and member tiers.",
            "推荐高价值商品；积分与会员等级激励。",
        ),
    ),
    "potential_loyalists": (
        ("Potential loyalists", "潜在忠诚客户"),
        ("Recent customers with a few orders.", "近期客户，已有几次购买。"),
        (
            "Offer membership or a loyalty programme; recommend related products.",
            "邀请加入会员或忠诚计划；推荐相关商品。",
        ),
    ),
    "new_customers": (
        ("New customers", "新客户"),
        ("Bought very recently, only once.", "刚刚完成首次购买。"),
        (
            "Onboarding messages and a second-order coupon.",
            "新客引导消息，发放复购优惠券。",
        ),
    ),
    "promising": (
        ("Promising", "有潜力客户"),
        ("Recent, but have bought only once.", "近期购买，但只买过一次。"),
        ("Build the habit: a small coupon, brand story.", "培养购买习惯：小额优惠券，品牌故事。"),
    ),
    "need_attention": (
        ("Need attention", "需要关注"),
        ("Average recency and frequency.", "最近一次购买与频次都处于中等。"),
        (
            "Limited-time offers based on past purchases.",
            "根据历史购买推送限时优惠。",
        ),
    ),
    "about_to_sleep": (
        ("About to sleep", "即将沉睡"),
        ("Below-average recency, few orders.", "较久未购买，购买次数少。"),
        ("Reactivate: popular products, a discount.", "唤醒：推荐热销商品，给予折扣。"),
    ),
    "at_risk": (
        ("At risk", "流失风险"),
        ("Used to buy often, but not for a long time.", "曾经经常购买，但已很久没有购买。"),
        (
            "Personal win-back messages and renewal offers.",
            "个性化召回消息与回归优惠。",
        ),
    ),
    "cant_lose": (
        ("Can't lose them", "不能失去的客户"),
        ("Were among the most frequent buyers, gone quiet.", "曾是最频繁的买家，最近沉寂。"),
        (
            "Win them back with a strong offer; call or message personally.",
            "以有力的优惠召回；人工电话或私信联系。",
        ),
    ),
    "hibernating": (
        ("Hibernating", "休眠客户"),
        ("Last order long ago, few orders.", "很久未购买，购买次数少。"),
        ("Occasional reminders with relevant offers.", "偶尔推送相关优惠提醒。"),
    ),
    "lost": (
        ("Lost", "已流失"),
        ("Lowest recency and frequency.", "最久未购买且购买最少。"),
        (
            "Low-cost win-back only; otherwise leave out of campaigns.",
            "仅做低成本召回；否则不纳入营销活动。",
        ),
    ),
}

_VALUE = {
    "important_value": (
        ("Important value", "重要价值客户"),
        ("Recent, frequent and high spend.", "近期购买、频次高、消费高。"),
        ("Keep them delighted: VIP service and perks.", "重点维护：VIP 服务与专属权益。"),
    ),
    "important_develop": (
        ("Important to develop", "重要发展客户"),
        ("Recent and high spend, but few orders.", "近期购买、消费高，但频次低。"),
        (
            "Raise frequency: bundles, subscriptions, reminders.",
            "提升频次：组合购、订阅、复购提醒。",
        ),
    ),
    "important_keep": (
        ("Important to keep", "重要保持客户"),
        ("Frequent and high spend, but not recent.", "频次高、消费高，但近期未购买。"),
        ("Reach out before they leave: personal contact.", "在流失前主动联系：一对一沟通。"),
    ),
    "important_winback": (
        ("Important to win back", "重要挽留客户"),
        ("High spend, but not recent and few orders.", "消费高，但近期未购买且频次低。"),
        ("Win-back offer worth their value.", "匹配其价值的挽留优惠。"),
    ),
    "general_value": (
        ("General value", "一般价值客户"),
        ("Recent and frequent, low spend.", "近期购买、频次高，但消费低。"),
        (
            "Raise basket size: cross-sell, free-shipping thresholds.",
            "提升客单价：交叉销售、满额包邮。",
        ),
    ),
    "general_develop": (
        ("General to develop", "一般发展客户"),
        ("Recent, few orders, low spend.", "近期购买，但频次低、消费低。"),
        ("Nurture: welcome series, small coupons.", "培育：欢迎系列消息、小额优惠券。"),
    ),
    "general_keep": (
        ("General to keep", "一般保持客户"),
        ("Frequent, but low spend and not recent.", "频次高，但消费低且近期未购买。"),
        ("Light-touch reminders and member days.", "轻量提醒与会员日活动。"),
    ),
    "general_winback": (
        ("General to win back", "一般挽留客户"),
        ("Not recent, few orders, low spend.", "近期未购买、频次低、消费低。"),
        ("Low-cost win-back messages only.", "仅做低成本召回。"),
    ),
}

_CLUSTER_VALUE = {
    "high": ("High value", "高价值"),
    "mid": ("Mid value", "中价值"),
    "low": ("Low value", "低价值"),
}
_CLUSTER_ACT = {
    "recent": ("recent", "活跃"),
    "cooling": ("cooling", "趋冷"),
    "lapsed": ("lapsed", "流失"),
}

STRINGS: dict[str, tuple[str, str]] = {
    "segments.intro": (
        "Layer customers by how recently, how often and how much they buy, give each layer its own action, and see who moved since last week.",
        "按最近一次购买、购买频次和消费金额给客户分层，为每一层制定运营动作，并查看与上周相比的客户迁移。",
    ),
    "segments.settings": ("Settings", "设置"),
    "segments.definitions": ("Definitions used on this page", "本页使用的定义"),
    "segments.cannot": (
        "This analysis cannot run on the loaded orders: {error}",
        "无法对已加载的订单进行此分析：{error}",
    ),
    "segments.as_of": ("Analysis date", "分析日期"),
    "segments.as_of_help": (
        "Orders before this day are counted; recency is counted to this day. Default: the day after the last order in the data.",
        "统计此日期之前的订单；最近一次购买天数计算到此日期。默认：数据中最后一笔订单的次日。",
    ),
    "segments.bins": ("Score scale", "评分档数"),
    "segments.bins_help": (
        "Scores 1 to 5 (or 1-4, 1-3) by quantiles: 1 = worst, top = best. Tied customers always share a score.",
        "按分位数评 1–5 分（或 1–4、1–3）：1 最差，最高分最好。数值相同的客户得分一定相同。",
    ),
    "segments.freq_mode": ("Frequency counts", "频次口径"),
    "segments.freq.orders": ("Orders", "订单数"),
    "segments.freq.days": ("Purchase days", "购买天数"),
    "segments.mon_mode": ("Monetary value", "金额口径"),
    "segments.mon.net": ("Net spend", "净消费额"),
    "segments.mon.aov": ("Average order value", "客单价"),
    "segments.scheme": ("Segment scheme", "分层方案"),
    "segments.scheme.rf": ("R x F grid", "R×F 网格"),
    "segments.scheme.value": ("Eight classes (RFM)", "RFM 八类"),
    "segments.threshold": ("Split R, F, M at their", "R、F、M 的分界值"),
    "segments.threshold.mean": ("Mean", "平均值"),
    "segments.threshold.median": ("Median", "中位数"),
    "segments.def.recency": (
        "Recency: calendar days from the customer's last purchase to the analysis date (lower is better).",
        "最近一次购买（R）：客户最后一次购买日到分析日期的天数（越小越好）。",
    ),
    "segments.def.frequency": (
        "Frequency: number of distinct purchase orders (or distinct purchase days). Refund-only orders do not count.",
        "频次（F）：不同的购买订单数（或购买天数）。仅含退款的订单不计入。",
    ),
    "segments.def.monetary": (
        "Monetary: net spend = purchases minus refunds and cancellations (or net spend / orders = average order value).",
        "金额（M）：净消费额 = 购买金额减去退款与取消（或净消费额 / 订单数 = 客单价）。",
    ),
    "segments.m.customers": ("Customers scored", "参与评分的客户"),
    "segments.m.customers_help": (
        "Customers with at least one purchase before the analysis date and positive net spend.",
        "分析日期之前至少购买一次且净消费额为正的客户。",
    ),
    "segments.m.no_customer": ("Lines without customer ID", "无客户 ID 的订单行"),
    "segments.m.no_customer_help": (
        "Order lines with no customer ID cannot be assigned to anyone; they are left out ({orders} orders).",
        "没有客户 ID 的订单行无法归属到客户，已排除（共 {orders} 笔订单）。",
    ),
    "segments.m.apart": ("Customers with no net spend", "净消费额为零或负的客户"),
    "segments.m.apart_help": (
        "Customers whose refunds equal or exceed their purchases (net spend 0 or less) are shown apart, not scored.",
        "退款大于或等于购买金额（净消费额 ≤ 0）的客户单独列出，不参与评分。",
    ),
    "segments.m.pareto": ("Revenue from top 20% customers", "前 20% 客户贡献的收入"),
    "segments.m.pareto_help": (
        "Share of net spend brought by the 20% of scored customers who spent the most.",
        "消费最高的 20% 评分客户贡献的净消费额占比。",
    ),
    "segments.pareto_line": (
        "The top 20% of customers bring {share} of revenue.",
        "前 20% 的客户贡献了 {share} 的收入。",
    ),
    "segments.no_scorable": (
        "No customer has a purchase with positive net spend before {date}. Pick a later analysis date, or check that the orders have customer IDs.",
        "在 {date} 之前没有净消费额为正的客户。请选择更晚的分析日期，或检查订单是否包含客户 ID。",
    ),
    "segments.no_dates": (
        "The orders have no usable order dates. Check the order time column on the Import data page.",
        "订单中没有可用的下单时间。请在“导入数据”页检查下单时间列。",
    ),
    "segments.fallback": (
        "Many customers share the same {metrics}, so quantile edges coincided; scores for it use edges on the distinct values instead. Tied customers still share a score.",
        "大量客户的{metrics}相同，分位数边界重合；该指标改用不同取值上的分位数作为边界。数值相同的客户得分仍然相同。",
    ),
    "segments.metric.recency_days": ("Recency (days)", "最近一次购买（天）"),
    "segments.metric.frequency": ("Frequency", "频次"),
    "segments.metric.monetary": ("Monetary", "金额"),
    "segments.tab.segments": ("Segments", "客户分层"),
    "segments.tab.scores": ("Scores", "评分边界"),
    "segments.tab.kmeans": ("k-means clusters", "k-means 聚类"),
    "segments.tab.movement": ("Movement", "分层迁移"),
    "segments.tab.export": ("Export", "导出"),
    "segments.col.segment": ("Segment", "分层"),
    "segments.col.customers": ("Customers", "客户数"),
    "segments.col.share": ("Share of customers", "客户占比"),
    "segments.col.revenue": ("Revenue (net)", "收入（净额）"),
    "segments.col.revenue_share": ("Share of revenue", "收入占比"),
    "segments.col.recency_mean": ("Avg recency (days)", "平均 R（天）"),
    "segments.col.frequency_mean": ("Avg frequency", "平均 F"),
    "segments.col.monetary_mean": ("Avg monetary", "平均 M"),
    "segments.col.description": ("Who they are", "客户特征"),
    "segments.col.action": ("Suggested action", "建议动作"),
    "segments.col.score": ("Score", "得分"),
    "segments.col.low": ("From", "最小值"),
    "segments.col.high": ("To", "最大值"),
    "segments.col.cluster": ("Cluster", "簇"),
    "segments.col.name": ("Name", "名称"),
    "segments.col.customer_id": ("Customer ID", "客户 ID"),
    "segments.col.recency_days": ("Recency (days)", "最近购买（天）"),
    "segments.col.frequency": ("Frequency", "频次"),
    "segments.col.monetary": ("Monetary", "金额"),
    "segments.col.orders": ("Orders", "订单数"),
    "segments.col.net_spend": ("Net spend", "净消费额"),
    "segments.col.first_order": ("First order", "首次购买"),
    "segments.col.last_order": ("Last order", "最近购买"),
    "segments.col.tenure_days": ("Tenure (days)", "客户时长（天）"),
    "segments.col.r_score": ("R score", "R 得分"),
    "segments.col.f_score": ("F score", "F 得分"),
    "segments.col.m_score": ("M score", "M 得分"),
    "segments.col.rf_segment": ("R x F segment", "R×F 分层"),
    "segments.col.value_segment": ("Eight-class segment", "八类分层"),
    "segments.col.cluster_name": ("Cluster name", "簇名称"),
    "segments.col.recency_days_mean": ("Avg recency (days)", "平均 R（天）"),
    "segments.col.frequency_mean_c": ("Avg frequency", "平均 F"),
    "segments.col.monetary_mean_c": ("Avg monetary", "平均 M"),
    "segments.col.recency_days_median": ("Median recency (days)", "R 中位数（天）"),
    "segments.col.frequency_median": ("Median frequency", "F 中位数"),
    "segments.col.monetary_median": ("Median monetary", "M 中位数"),
    "segments.chart.customers_by_segment": (
        "Customers and revenue by segment",
        "各分层的客户与收入占比",
    ),
    "segments.chart.measure": ("Measure", "指标"),
    "segments.chart.grid": ("R x F grid: customers per cell", "R×F 网格：每格客户数"),
    "segments.chart.elbow": ("Elbow: within-cluster sum of squares", "肘部法：簇内平方和"),
    "segments.chart.silhouette": ("Silhouette (higher is better)", "轮廓系数（越高越好）"),
    "segments.chart.inertia": ("Within-cluster sum of squares", "簇内平方和"),
    "segments.chart.scatter": (
        "Recency vs monetary, coloured by cluster",
        "R 与 M 散点图（按簇着色）",
    ),
    "segments.chart.movement": ("Customers moving between segments", "分层间的客户迁移"),
    "segments.chart.before": ("Segment on {date}", "{date} 的分层"),
    "segments.chart.after": ("Segment on {date}", "{date} 的分层"),
    "segments.grid_caption": (
        "Rows: R score (5 = most recent). Columns: F score (5 = most frequent). Each cell shows its segment and customers.",
        "行：R 得分（5 = 最近购买）。列：F 得分（5 = 最频繁）。每格显示所属分层与客户数。",
    ),
    "segments.value_caption": (
        "Recent = recency below the {threshold}, frequent and high spend = above the {threshold}. {threshold_cap}: recency {r} days, frequency {f}, monetary {m}.",
        "近期 = R 低于{threshold}，高频与高消费 = F、M 高于{threshold}。{threshold_cap}：R {r} 天，F {f}，M {m}。",
    ),
    "segments.scores_caption": (
        "Each score band in original units: the smallest and largest value of its customers. Recency is reversed: the most recent customers get the top score.",
        "每个得分区间的原始单位：该区间客户的最小值和最大值。R 反向评分：越近购买得分越高。",
    ),
    "segments.edges": ("Quantile edges: {edges}", "分位数边界：{edges}"),
    "segments.edges_fallback": (
        "Edges on distinct values (quantile edges coincided): {edges}",
        "按不同取值计算的边界（分位数边界重合）：{edges}",
    ),
    "segments.k": ("Number of clusters (k)", "聚类数（k）"),
    "segments.k_auto": ("Auto (best silhouette: {k})", "自动（轮廓系数最佳：{k}）"),
    "segments.k_help": (
        "k-means on log1p-transformed, standardised R, F, M. Auto picks the k from 2 to 8 with the highest silhouette.",
        "k-means 基于 log1p 变换并标准化的 R、F、M。自动模式在 2–8 中选择轮廓系数最高的 k。",
    ),
    "segments.k_search_caption": (
        "Curves fitted on {sample} of {n} customers; silhouette on {sil} of them (seeded samples: the same data gives the same result).",
        "曲线基于 {n} 位客户中的 {sample} 位拟合；轮廓系数基于其中 {sil} 位计算（固定随机种子：相同数据结果相同）。",
    ),
    "segments.kmeans_fit_caption": (
        "Cluster centres fitted on {fit} customers, then every customer assigned to the nearest centre. Cluster 1 has the highest value.",
        "簇中心基于 {fit} 位客户拟合，再把每位客户分配到最近的中心。簇 1 价值最高。",
    ),
    "segments.kmeans_error": (
        "k-means cannot run on these customers: too few with different R, F, M values (at least 3 are needed).",
        "无法对这些客户做 k-means：R、F、M 取值不同的客户太少（至少需要 3 位）。",
    ),
    "segments.crosstab": ("Clusters against named segments", "聚类与命名分层的交叉表"),
    "segments.profile": ("Cluster profile (original units)", "簇画像（原始单位）"),
    "segments.scatter_sampled": (
        "Showing a sample of {shown} of {n} customers.",
        "显示 {n} 位客户中的 {shown} 位样本。",
    ),
    "segments.previous": ("Compare with", "对比日期"),
    "segments.previous_help": (
        "The earlier analysis date; both dates are scored on their own, as in a weekly routine. Default: 7 days before the analysis date.",
        "较早的分析日期；两个日期各自独立评分，与每周例行分层一致。默认：分析日期前 7 天。",
    ),
    "segments.previous_invalid": (
        "The comparison date must be before the analysis date. Pick an earlier day.",
        "对比日期必须早于分析日期。请选择更早的日期。",
    ),
    "segments.flow": ("{n} {source} became {target}", "{n} 位{source}变为{target}"),
    "segments.flow_new": ("{n} new customers arrived as {target}", "{n} 位新客户进入{target}"),
    "segments.flow_apart": (
        "{n} {source} now have no net spend (refunded)",
        "{n} 位{source}因退款变为无净消费",
    ),
    "segments.flows_title": ("Biggest moves", "最大的迁移"),
    "segments.no_flows": (
        "No customer changed segment between the two dates.",
        "两个日期之间没有客户变更分层。",
    ),
    "segments.moved_caption": (
        "{moved} customers changed segment or arrived, {stayed} stayed in the same segment.",
        "{moved} 位客户变更了分层或为新增客户，{stayed} 位留在原分层。",
    ),
    "segments.seg._new": ("New since then", "期间新增客户"),
    "segments.seg._apart": ("No net spend", "无净消费"),
    "segments.apart_title": ("Customers with no net spend ({n})", "净消费额为零或负的客户（{n}）"),
    "segments.apart_caption": (
        "Their refunds equal or exceed their purchases, or they only returned items; they are not scored.",
        "这些客户的退款大于或等于购买金额，或只有退货记录；不参与评分。",
    ),
    "segments.export_what": ("Customer list of", "导出哪一组客户"),
    "segments.export_kind": ("Group by", "分组方式"),
    "segments.export_kind.rf": ("R x F segment", "R×F 分层"),
    "segments.export_kind.value": ("Eight-class segment", "八类分层"),
    "segments.export_kind.cluster": ("k-means cluster", "k-means 簇"),
    "segments.export_count": ("{n} customers in this list.", "此名单共 {n} 位客户。"),
    "segments.export_empty": (
        "This group has no customers. Pick another one.",
        "该分组没有客户。请选择其他分组。",
    ),
    "segments.cluster_label": ("{cluster}. {name}", "{cluster}. {name}"),
    # orders without customer IDs (issue 14, helper "states")
    "segments.no_customers": (
        "User layering needs customer IDs on the orders (a buyer ID, member name, e-mail or phone), and this orders file has none. Re-import it on the Import data page and map a customer column if the file has one. The Overview and the traffic page work without it.",
        "用户分层需要订单中有客户 ID（买家 ID、会员名、邮箱或手机号），而当前订单文件没有。如果文件中有客户列，请在导入数据页重新导入并匹配该列。概览和流量页面不需要客户 ID。",
    ),
}

for _key, ((_en, _zh), (_den, _dzh), (_aen, _azh)) in {**_RF, **_VALUE}.items():
    STRINGS[f"segments.seg.{_key}"] = (_en, _zh)
    STRINGS[f"segments.desc.{_key}"] = (_den, _dzh)
    STRINGS[f"segments.action.{_key}"] = (_aen, _azh)

for _v, (_ven, _vzh) in _CLUSTER_VALUE.items():
    for _a, (_aen2, _azh2) in _CLUSTER_ACT.items():
        STRINGS[f"segments.cluster.{_v}_{_a}"] = (f"{_ven}, {_aen2}", f"{_vzh}{_azh2}")
