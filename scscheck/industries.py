"""Industry words (行业表述) of company names, and their English forms.

Chinese company names follow region + trade name (字号) + industry + legal form (安庆市 华宇 贸易 有限公司).
The industry is compared, not thrown away: the same trade name in another industry is another company.
The list holds the industry words common on the lists; a name whose industry is not here keeps it in
the trade name, which still compares equal with the same name written another way.
"""

from functools import cache

# Longer words first where one ends another (网络科技 before 科技): the longest suffix wins.
HAN: tuple[str, ...] = (
    "贸易", "商贸", "国际贸易", "进出口贸易", "进出口", "科技", "网络科技", "信息科技", "信息技术", "电子科技",
    "环保科技", "生物科技", "智能科技", "新能源科技", "新材料科技", "医药科技", "农业科技", "建筑", "建设",
    "建筑工程", "建设工程", "工程", "装饰工程", "装饰", "建材", "房地产开发", "房地产", "置业", "物业管理",
    "物业服务", "食品", "餐饮管理", "餐饮", "农业", "农业开发", "畜牧", "养殖", "实业", "投资", "投资管理",
    "资产管理", "控股", "机械", "机械设备", "机电", "电子", "电器", "电气", "五金", "汽车销售", "汽车服务",
    "物流", "运输", "供应链管理", "化工", "纺织", "服装", "服饰", "鞋业", "家具", "印刷", "包装", "塑料",
    "制品", "陶瓷", "玻璃", "钢铁", "钢材", "金属", "矿业", "能源", "新能源", "新材料", "石油化工", "医药",
    "制药", "药业", "医疗器械", "文化传媒", "文化传播", "广告", "传媒", "教育咨询", "咨询", "企业管理咨询",
    "劳务", "劳务派遣", "人力资源", "家政服务", "环保", "环境工程", "水务", "旅游", "酒店管理", "酒业",
    "茶业", "鞋服", "电子商务", "网络", "软件", "通信", "光电", "照明", "环境科技", "材料", "设备",
    "技术", "技术服务", "工贸", "商务", "发展", "开发", "制造", "工业", "产业",
)

# English words of company names (as registered or as translated) to the Han industries they render.
ENGLISH: dict[str, tuple[str, ...]] = {
    "TRADING": ("贸易", "商贸", "工贸"), "TRADE": ("贸易", "商贸"), "COMMERCE": ("商贸", "商务"),
    "COMMERCIAL": ("商贸", "商务"), "IMPORT AND EXPORT": ("进出口", "进出口贸易"),
    "IMPORT EXPORT": ("进出口", "进出口贸易"), "INTERNATIONAL TRADING": ("国际贸易",),
    "TECHNOLOGY": ("科技", "技术"), "TECH": ("科技",), "SCIENCE AND TECHNOLOGY": ("科技",), "SCI TECH": ("科技",),
    "NETWORK TECHNOLOGY": ("网络科技",), "INFORMATION TECHNOLOGY": ("信息技术", "信息科技"),
    "ELECTRONIC TECHNOLOGY": ("电子科技",), "ENVIRONMENTAL TECHNOLOGY": ("环保科技", "环境科技"),
    "BIOTECHNOLOGY": ("生物科技",), "BIOLOGICAL TECHNOLOGY": ("生物科技",),
    "INTELLIGENT TECHNOLOGY": ("智能科技",), "CONSTRUCTION": ("建筑", "建设"),
    "CONSTRUCTION ENGINEERING": ("建筑工程", "建设工程"), "ENGINEERING": ("工程",),
    "DECORATION ENGINEERING": ("装饰工程",), "DECORATION": ("装饰",), "BUILDING MATERIALS": ("建材",),
    "REAL ESTATE DEVELOPMENT": ("房地产开发",), "REAL ESTATE": ("房地产", "置业"), "PROPERTY": ("置业",),
    "PROPERTY MANAGEMENT": ("物业管理", "物业服务"), "FOOD": ("食品",), "FOODS": ("食品",),
    "CATERING MANAGEMENT": ("餐饮管理",), "CATERING": ("餐饮",), "AGRICULTURE": ("农业",),
    "AGRICULTURAL": ("农业",), "AGRICULTURAL DEVELOPMENT": ("农业开发",), "INDUSTRIAL": ("实业", "工业"),
    "INDUSTRY": ("实业", "工业", "产业"), "INVESTMENT": ("投资",), "INVESTMENT MANAGEMENT": ("投资管理",),
    "ASSET MANAGEMENT": ("资产管理",), "HOLDING": ("控股",), "HOLDINGS": ("控股",),
    "MACHINERY": ("机械",), "MACHINERY EQUIPMENT": ("机械设备",), "ELECTROMECHANICAL": ("机电",),
    "ELECTRONICS": ("电子",), "ELECTRONIC": ("电子",), "ELECTRIC APPLIANCE": ("电器",),
    "ELECTRICAL": ("电气",), "HARDWARE": ("五金",), "AUTO SALES": ("汽车销售",), "LOGISTICS": ("物流",),
    "TRANSPORTATION": ("运输",), "TRANSPORT": ("运输",), "SUPPLY CHAIN MANAGEMENT": ("供应链管理",),
    "CHEMICAL": ("化工",), "CHEMICAL INDUSTRY": ("化工",), "TEXTILE": ("纺织",), "TEXTILES": ("纺织",),
    "GARMENT": ("服装",), "GARMENTS": ("服装",), "APPAREL": ("服装", "服饰"), "CLOTHING": ("服装", "服饰"),
    "SHOES": ("鞋业",), "FURNITURE": ("家具",), "PRINTING": ("印刷",), "PACKAGING": ("包装",),
    "PLASTIC": ("塑料",), "PLASTICS": ("塑料",), "CERAMICS": ("陶瓷",), "GLASS": ("玻璃",), "STEEL": ("钢铁", "钢材"),
    "METAL": ("金属",), "METALS": ("金属",), "MINING": ("矿业",), "ENERGY": ("能源",), "NEW ENERGY": ("新能源",),
    "NEW MATERIALS": ("新材料",), "MATERIALS": ("材料",), "PHARMACEUTICAL": ("医药", "制药", "药业"),
    "PHARMACEUTICALS": ("医药", "制药", "药业"), "MEDICAL DEVICES": ("医疗器械",), "MEDICAL EQUIPMENT": ("医疗器械",),
    "CULTURE MEDIA": ("文化传媒",), "CULTURAL MEDIA": ("文化传媒",), "CULTURE COMMUNICATION": ("文化传播",),
    "MEDIA": ("传媒",), "ADVERTISING": ("广告",), "CONSULTING": ("咨询",), "EDUCATION CONSULTING": ("教育咨询",),
    "MANAGEMENT CONSULTING": ("企业管理咨询",), "LABOR SERVICE": ("劳务",), "LABOUR SERVICE": ("劳务",),
    "LABOR DISPATCH": ("劳务派遣",), "HUMAN RESOURCES": ("人力资源",), "HOUSEKEEPING": ("家政服务",),
    "ENVIRONMENTAL PROTECTION": ("环保",), "ENVIRONMENTAL ENGINEERING": ("环境工程",), "WATER": ("水务",),
    "TOURISM": ("旅游",), "TRAVEL": ("旅游",), "HOTEL MANAGEMENT": ("酒店管理",), "WINE": ("酒业",),
    "TEA": ("茶业",), "E COMMERCE": ("电子商务",), "ECOMMERCE": ("电子商务",), "NETWORK": ("网络",),
    "SOFTWARE": ("软件",), "COMMUNICATION": ("通信",), "COMMUNICATIONS": ("通信",), "OPTOELECTRONICS": ("光电",),
    "LIGHTING": ("照明",), "EQUIPMENT": ("设备",), "DEVELOPMENT": ("发展", "开发"), "MANUFACTURING": ("制造",),
}


@cache
def han_by_length() -> tuple[str, ...]:
    """The Han industry words, longest first, for suffix matching."""
    return tuple(sorted(set(HAN), key=len, reverse=True))


@cache
def _han_of_length() -> tuple[tuple[int, frozenset[str]], ...]:
    words = han_by_length()
    return tuple((size, frozenset(w for w in words if len(w) == size))
                 for size in sorted({len(w) for w in words}, reverse=True))


def han_suffix(text: str) -> str | None:
    """The longest Han industry word that ends `text` and leaves something before it (华宇贸易 -> 贸易)."""
    for size, words in _han_of_length():
        if len(text) > size and text[-size:] in words:
            return text[-size:]
    return None


@cache
def english_by_words() -> dict[tuple[str, ...], tuple[str, ...]]:
    """The English forms as word tuples, for matching at the end of a romanized name."""
    return {tuple(phrase.split()): han for phrase, han in ENGLISH.items()}


@cache
def by_pinyin() -> dict[str, tuple[str, ...]]:
    """Industries written in pinyin (MAOYI -> 贸易), as some romanized names leave them."""
    from scscheck import romanize

    table: dict[str, list[str]] = {}
    for word in HAN:
        table.setdefault(romanize.pinyin(word), []).append(word)
    return {key: tuple(words) for key, words in table.items()}
