"""Strings of the shop's number settings (currency, colour of rises and falls): part money15."""

STRINGS: dict[str, tuple[str, str]] = {
    "shop.settings": ("Money and numbers", "金额与数字"),
    "shop.currency": ("Shop currency", "店铺币种"),
    "shop.currency_help": (
        "Shown on every money figure. Automatic: the currency signs in your files "
        "(or the country of the orders); choose one when the files do not say.",
        "显示在每个金额上。自动：按文件中的货币符号（或订单的国家）判断；文件未注明时请选择。",
    ),
    "shop.currency.auto": ("Automatic ({found})", "自动（{found}）"),
    "shop.currency.none": ("none found", "未识别"),
    "shop.currency.name.CNY": ("Chinese yuan ¥", "人民币 ¥"),
    "shop.currency.name.USD": ("US dollar $", "美元 $"),
    "shop.currency.name.EUR": ("Euro €", "欧元 €"),
    "shop.currency.name.GBP": ("Pound sterling £", "英镑 £"),
    "shop.currency.name.JPY": ("Japanese yen JP¥", "日元 JP¥"),
    "shop.currency.name.HKD": ("Hong Kong dollar HK$", "港元 HK$"),
    "shop.currency.name.INR": ("Indian rupee ₹", "印度卢比 ₹"),
    "shop.currency.name.KRW": ("Korean won ₩", "韩元 ₩"),
    "shop.rise": ("Colour of rises", "上涨的颜色"),
    "shop.rise.auto": ("By language", "随语言"),
    "shop.rise.red": ("Red up, green down", "红涨绿跌"),
    "shop.rise.green": ("Green up, red down", "绿涨红跌"),
}
