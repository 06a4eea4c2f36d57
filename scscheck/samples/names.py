"""Made-up names for sample data: persons (common surnames and given names, so that namesakes such as
张伟 and 王芳 recur as on the real lists) and companies (place + two-character trade name + industry +
legal form), and the spellings the same name takes on different lists.

Pools are weighted by repetition and sampled with one ``random()`` call each, so that millions of rows
can be generated quickly. Trade names that belong to well-known real firms are never produced.
"""

import random
from collections.abc import Sequence

from scscheck.samples.divisions import County, Prefecture


def _expand(weighted: str) -> tuple[str, ...]:
    """Expand ``"王7 李7 张6"`` into a pool in which each item appears its weight times."""
    pool: list[str] = []
    for item in weighted.split():
        name = item.rstrip("0123456789")
        pool.extend([name] * int(item[len(name) :] or 1))
    return tuple(pool)


SURNAMES = _expand(
    "王14 李14 张13 刘11 陈9 杨6 黄5 赵4 吴4 周4 徐3 孙3 马3 朱3 胡3 郭2 何2 林2 高2 罗2 郑2 梁2 谢2 "
    "宋2 唐2 许2 韩2 冯2 邓2 曹2 彭2 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 "
    "崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 "
    "毛 郝 龚 邵 万 钱 严 武 戴 莫 孔 向 汤 欧阳 司马"
)
MALE_GIVEN = _expand(
    "伟12 强6 磊6 军6 勇5 杰5 涛5 明4 超4 刚4 平3 辉4 鹏3 华3 飞3 斌3 波3 宇3 浩3 凯2 健2 俊2 帆 亮2 "
    "成2 建华3 建国3 志强3 国强2 建军2 海峰 志刚2 永强 文斌 晓东2 国庆 春生 子轩 浩然 宇航 俊杰 鑫2 "
    "金龙 德明 振华 红军 卫东 建平 新民 家豪 天佑 少华"
)
FEMALE_GIVEN = _expand(
    "芳10 娜8 敏6 静6 丽5 艳5 娟4 霞4 秀英4 桂英3 秀兰3 玉兰2 红3 玲3 丹3 萍3 燕3 婷3 雪2 琳2 慧2 颖2 "
    "倩2 晶2 海燕2 春梅 丽娟 晓燕 佳怡 欣怡 梓涵 雨萱 淑珍 凤英 美玲 小红"
)
TRADE_CHARS = (
    "华宇鑫恒盛瑞丰泰源达兴隆昌德信通运宏伟金银聚诚安康远博创新嘉和顺永亿天海汇联合正明辉星光邦凯越腾飞阳"
    "佳锦程祥福荣旺富豪利元晟峰骏卓尚益志振方圆晶美思科承启升鼎"
)
INDUSTRIES = _expand(
    "贸易8 商贸5 科技8 建筑工程6 食品4 机械制造3 物流4 餐饮管理3 环保科技2 纺织3 电子3 建材3 房地产开发3 "
    "农业开发2 化工2 服饰2 信息技术3 家具2 汽车销售2 医药 装饰工程3 劳务2 文化传媒2 投资管理2 实业3"
)
LEGAL_FORMS = _expand("有限公司14 有限责任公司4 股份有限公司")
# Trade names of well-known real firms: never generated.
FAMOUS_TRADE_NAMES = frozenset(
    _expand(
        "华为 恒大 华润 海尔 美的 联想 腾讯 海信 康佳 华联 联华 永辉 银泰 新华 光明 恒瑞 华泰 海通 "
        "汇丰 顺丰 圆通 德邦 宇通 海康 天合 晶科 正泰 飞科 荣盛 万达 万科 中兴 格力 苏宁 国美 安踏 "
        "阿里 百度 京东 小米 平安 招商 中信 民生 兴业 光大 广发 金龙 国泰 太平 恒生 伊利 蒙牛 福耀 "
        "宁德 隆基 信义 盛大 网易 新浪 星光 嘉和 天元 华晨 亿利 远大 汇源 健康 昌河"
    )
)


def pick(rng: random.Random, pool: Sequence[str]) -> str:
    """One item of a (weighted, expanded) pool."""
    return pool[int(rng.random() * len(pool))]


def person_name(rng: random.Random, male: bool) -> str:
    """A common Chinese name; the most common combinations (张伟, 王芳, 李娜) recur often."""
    return pick(rng, SURNAMES) + pick(rng, MALE_GIVEN if male else FEMALE_GIVEN)


def trade_name(rng: random.Random, reserved: frozenset[str] = frozenset()) -> str:
    """A two-character trade name (字号) that is not a famous firm's nor in ``reserved``."""
    n = len(TRADE_CHARS)
    while True:
        first = TRADE_CHARS[int(rng.random() * n)]
        second = TRADE_CHARS[int(rng.random() * n)]
        name = first + second
        if first != second and name not in FAMOUS_TRADE_NAMES and name not in reserved:
            return name


def company_name(place: str, trade: str, industry: str, form: str) -> str:
    """The usual form: place prefix + trade name + industry + legal form (安庆市华宇贸易有限公司)."""
    return f"{place}{trade}{industry}{form}"


def bracketed_name(place: str, trade: str, industry: str, form: str, fullwidth: bool = True) -> str:
    """The place as a bracketed infix (华宇贸易（安庆）有限公司), in full- or half-width brackets."""
    left, right = ("（", "）") if fullwidth else ("(", ")")
    return f"{trade}{industry}{left}{place}{right}{form}"


def fullwidth(text: str) -> str:
    """ASCII letters, digits and brackets in their full-width forms (ＢＫ, （）), as some lists print them."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def halfwidth(text: str) -> str:
    """Full-width ASCII forms back to ASCII."""
    return "".join(chr(ord(ch) - 0xFEE0) if "！" <= ch <= "～" else ch for ch in text)


ROADS = _expand(
    "人民路3 长江路2 建设路3 解放路2 中山路2 文化路 和平路 胜利路 育才路 工业大道2 创业路 滨江大道 "
    "学府路 光明路 新民路 迎宾大道 花园路 东风路 湖滨路 振兴路 科技园路 富民路 兴业大道 环城北路 幸福路"
)
BUILDINGS = _expand("大厦 商务中心 国际广场 综合楼 写字楼 科创园")


def address(rng: random.Random, prefecture: Prefecture, county: County) -> str:
    """A registered address: 安徽省安庆市迎江区人民路188号, sometimes with a building and room."""
    base = prefecture.name if prefecture.municipality else prefecture.province.name + prefecture.name
    text = f"{base}{county.name}{pick(rng, ROADS)}{1 + int(rng.random() * 399)}号"
    if rng.random() < 0.35:
        floor, room = 1 + int(rng.random() * 28), 1 + int(rng.random() * 9)
        text += f"{pick(rng, TRADE_CHARS)}{pick(rng, BUILDINGS)}{floor}0{room}室"
    return text
