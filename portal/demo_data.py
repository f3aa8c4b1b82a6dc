"""Data tables for load_demo: Qingdao's real districts, towns and report stations; name pools."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo-2026!"

# The report's first station; its presence means the demo has been loaded.
MARKER_DISTRICT = "市南区"
MARKER_STATION = "新就业群体专业化代表联络站"

STATION_FOCI = (
    "城市管理",
    "特色农业",
    "文化教育",
    "法制宣传",
    "传统工艺",
    "新就业群体",
    "社会治理",
    "医疗卫生",
)
SPECIALTIES = (
    "法律",
    "医疗",
    "教育",
    "城市规划",
    "农业技术",
    "企业管理",
    "财务",
    "社会工作",
    "文化艺术",
    "心理咨询",
)
AMBASSADOR_ROLES = ("健康大使", "就业大使", "文化大使", "法援大使")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class DistrictSpec:
    """One district or county-level city: its towns, scale and where it lies."""

    name: str
    username: str
    center: tuple[float, float]  # latitude, longitude of the urban core
    spread: tuple[float, float]  # ± jitter in degrees for station coordinates
    roads: tuple[str, ...]
    deputies: int  # deputies in the default demo
    stations: int  # stations in the default demo (named + 代表之家 + community stations)
    subdistricts: tuple[str, ...]
    communities_per_subdistrict: int = 4
    ambassador_share: float = 0.03  # share of deputies holding an ambassador role
    urban: bool = False  # communities named after roads (old city) rather than villages


# In the order the city lists them; `sort_order` follows this order.
DISTRICTS: tuple[DistrictSpec, ...] = (
    DistrictSpec(
        name="市南区",
        username="shinan",
        center=(36.066, 120.385),
        spread=(0.012, 0.045),
        roads=_words(
            "香港中路 东海西路 闽江路 福州南路 南京路 延安三路 湛山路 中山路 "
            "江苏路 云南路 太平路 金湖路 珠海路 燕儿岛路"
        ),
        deputies=90,
        stations=22,
        subdistricts=_words(
            "香港中路街道 八大峡街道 云南路街道 中山路街道 江苏路街道 八大关街道 "
            "湛山街道 八大湖街道 金湖路街道 金门路街道 珠海路街道"
        ),
        urban=True,
    ),
    DistrictSpec(
        name="市北区",
        username="shibei",
        center=(36.095, 120.375),
        spread=(0.03, 0.03),
        roads=_words(
            "辽宁路 延安路 登州路 敦化路 合肥路 台东一路 威海路 镇江路 海伦路 "
            "重庆南路 兴隆路 抚顺路 洛阳路 开平路 杭州路"
        ),
        deputies=120,
        stations=32,
        subdistricts=_words(
            "辽宁路街道 延安路街道 登州路街道 宁夏路街道 敦化路街道 辽源路街道 "
            "合肥路街道 大港街道 即墨路街道 台东街道 镇江路街道 浮山新区街道 "
            "阜新路街道 海伦路街道 四方街道 兴隆路街道 水清沟街道 洛阳路街道 "
            "河西街道 双山街道 湖岛街道 开平路街道"
        ),
        urban=True,
    ),
    DistrictSpec(
        name="李沧区",
        username="licang",
        center=(36.155, 120.430),
        spread=(0.03, 0.03),
        roads=_words(
            "京口路 振华路 书院路 九水东路 黑龙江中路 金水路 四流中路 湘潭路 虎山路 青山路 峰山路"
        ),
        deputies=80,
        stations=18,
        subdistricts=_words(
            "振华路街道 沧口街道 兴华路街道 兴城路街道 李村街道 虎山路街道 "
            "浮山路街道 湘潭路街道 楼山街道 世园街道 九水街道"
        ),
        urban=True,
    ),
    DistrictSpec(
        name="崂山区",
        username="laoshan",
        center=(36.120, 120.520),
        spread=(0.05, 0.07),
        roads=_words("香港东路 海尔路 松岭路 株洲路 秦岭路 深圳路 苗岭路 沙子口路 崂山路 银川东路"),
        deputies=60,
        stations=16,
        subdistricts=_words("中韩街道 沙子口街道 王哥庄街道 北宅街道 金家岭街道"),
    ),
    DistrictSpec(
        name="黄岛区",
        username="huangdao",
        center=(36.020, 120.120),
        spread=(0.02, 0.09),
        roads=_words(
            "长江中路 江山中路 井冈山路 峨眉山路 滨海大道 珠江路 黄河东路 "
            "隐珠路 灵山湾路 昆仑山路 嘉陵江路 双珠路"
        ),
        deputies=120,
        stations=32,
        subdistricts=_words(
            "黄岛街道 辛安街道 薛家岛街道 灵珠山街道 长江路街道 红石崖街道 "
            "灵山卫街道 珠海街道 隐珠街道 滨海街道 珠山街道 铁山街道 王台街道 "
            "张家楼街道 泊里镇 琅琊镇 大场镇 大村镇 六汪镇 海青镇 宝山镇 "
            "藏南镇"
        ),
        ambassador_share=0.35,
    ),
    DistrictSpec(
        name="城阳区",
        username="chengyang",
        center=(36.300, 120.380),
        spread=(0.05, 0.06),
        roads=_words(
            "正阳路 长城路 文阳路 春阳路 双元路 青威路 仙山路 华城路 崇阳路 王沙路 中城路"
        ),
        deputies=120,
        stations=76,
        subdistricts=_words(
            "城阳街道 流亭街道 夏庄街道 惜福镇街道 棘洪滩街道 上马街道 河套街道 红岛街道"
        ),
        # 76 家站室点 need enough communities for the community-level stations.
        communities_per_subdistrict=7,
    ),
    DistrictSpec(
        name="即墨区",
        username="jimo",
        center=(36.390, 120.460),
        spread=(0.07, 0.10),
        roads=_words(
            "鹤山路 蓝鳌路 振华街 烟青路 文化路 嵩山二路 通济街 华山二路 天山二路 黄河二路"
        ),
        deputies=100,
        stations=22,
        subdistricts=_words(
            "环秀街道 潮海街道 通济街道 北安街道 龙山街道 龙泉街道 蓝村街道 "
            "鳌山卫街道 温泉街道 灵山街道 大信街道 田横镇 段泊岚镇 移风店镇 "
            "金口镇"
        ),
    ),
    DistrictSpec(
        name="胶州市",
        username="jiaozhou",
        center=(36.285, 120.030),
        spread=(0.07, 0.08),
        roads=_words(
            "兰州西路 常州路 广州北路 福州支路 扬州路 郑州东路 胶州东路 湖州路 北京东路 太湖路"
        ),
        deputies=100,
        stations=18,
        subdistricts=_words(
            "阜安街道 中云街道 三里河街道 九龙街道 胶东街道 胶北街道 胶西街道 "
            "胶莱街道 李哥庄镇 铺集镇 里岔镇 洋河镇"
        ),
    ),
    DistrictSpec(
        name="平度市",
        username="pingdu",
        center=(36.780, 119.990),
        spread=(0.09, 0.08),
        roads=_words("人民路 红旗路 常州路 杭州路 胶平路 青岛路 扬州路 苏州路 长江路"),
        deputies=110,
        stations=28,
        subdistricts=_words(
            "东阁街道 李园街道 同和街道 凤台街道 白沙河街道 崔家集镇 明村镇 "
            "田庄镇 新河镇 店子镇 大泽山镇 旧店镇 云山镇 蓼兰镇 南村镇 仁兆镇 "
            "古岘镇"
        ),
    ),
    DistrictSpec(
        name="莱西市",
        username="laixi",
        center=(36.860, 120.520),
        spread=(0.035, 0.08),
        roads=_words("烟台路 石岛路 威海路 长岛路 上海路 黄海路 重庆路 水集路 兴华路"),
        deputies=80,
        stations=15,
        subdistricts=_words(
            "水集街道 望城街道 沽河街道 姜山镇 夏格庄镇 院上镇 日庄镇 南墅镇 "
            "河头店镇 店埠镇 马连庄镇"
        ),
    ),
)

# Communities and villages we know by name; the rest are generated from the pools below.
COMMUNITIES: dict[str, tuple[str, ...]] = {
    "香港中路街道": ("香港中路社区", "江西路社区", "云霄路社区", "闽江路社区", "东海西路社区"),
    "八大关街道": ("太平角社区", "香港西路社区"),
    "中韩街道": ("西韩社区", "北村社区", "东韩社区", "张村社区", "枯桃社区"),
    "金家岭街道": ("大麦岛社区", "石老人社区", "午山社区", "金家岭社区", "海都社区"),
    "沙子口街道": ("登瀛社区", "流清河社区", "东麦窑社区"),
    "王哥庄街道": ("王哥庄社区", "晓望社区", "青山社区"),
    "九水街道": ("毕家上流社区", "杨家上流社区", "于家下河社区", "王家下河社区", "长涧社区"),
    "振华路街道": ("振华路社区", "永平路社区", "四流中路第一社区"),
    "城阳街道": (
        "西黄埠社区",
        "东黄埠社区",
        "仲村社区",
        "后桃林社区",
        "前桃林社区",
        "小寨子社区",
        "青大社区",
    ),
    "流亭街道": ("双埠社区", "赵红埠社区", "仙家寨社区"),
    "夏庄街道": ("源头社区", "王家曹村社区", "鲍家曹村社区"),
    "红岛街道": ("韩家社区", "宿流社区"),
}


@dataclass(frozen=True)
class NamedStation:
    """A station the report names, or that its figures imply, placed where the report puts it."""

    district: str
    subdistrict: str
    name: str
    kind: str  # a Station.Kind value
    focus: str = ""
    community: str = ""  # "" places the station at the subdistrict/town itself
    description: str = ""


NAMED_STATIONS: tuple[NamedStation, ...] = (
    NamedStation(
        "市南区",
        "八大关街道",
        MARKER_STATION,
        "liaison",
        "新就业群体",
        description="面向外卖骑手、快递小哥等新就业群体,听取意见建议,协调解决停车、就餐、休息等难题。",
    ),
    NamedStation(
        "市南区",
        "香港中路街道",
        "东海西路社区代表联络站",
        "liaison",
        "社会治理",
        community="东海西路社区",
        description="常态化开展“代表进小区”见面会,推行小区治理任务、党员代表、代表专长“三张清单”。",
    ),
    NamedStation(
        "市南区",
        "金湖路街道",
        "社会治理专业代表工作室",
        "workstation",
        "社会治理",
        description="社会治理专业代表小组为治理难点区域提供“组团式攻坚”服务。",
    ),
    NamedStation(
        "市北区",
        "台东街道",
        "代表智库工作站",
        "workstation",
        "城市管理",
        description="各街道代表组“1+1+N”结对共建,代表智库赋能城区发展。",
    ),
    NamedStation(
        "李沧区",
        "李村街道",
        "李沧区基层立法联系点",
        "legislative",
        "法制宣传",
        description="吸纳法律从业者参与立法意见征集,开展“法治进社区”“以案释法”普法活动。",
    ),
    NamedStation(
        "李沧区",
        "虎山路街道",
        "幸福茶馆民情驿站",
        "contact_point",
        "社会治理",
        description="以“幸福茶馆”聚民意,“收集—响应—督办”闭环解决群众难题。",
    ),
    NamedStation(
        "李沧区",
        "浮山路街道",
        "马扎议事代表联系点",
        "contact_point",
        "社会治理",
        description="代表与居民围坐“马扎议事”,聚焦老旧小区改造、环境整治。",
    ),
    NamedStation(
        "崂山区",
        "金家岭街道",
        "崂山区基层立法联系点",
        "legislative",
        "法制宣传",
        description="广泛吸纳法律从业者参与,聚焦妇女儿童权益保障开展普法活动。",
    ),
    NamedStation(
        "崂山区",
        "沙子口街道",
        "“和事佬”矛盾纠纷调解工作室",
        "workstation",
        "社会治理",
        description="社区干部和代表组成“和事佬”队伍,从源头化解矛盾纠纷。",
    ),
    NamedStation(
        "崂山区",
        "金家岭街道",
        "咖啡议事代表联络站",
        "liaison",
        "社会治理",
        community="海都社区",
        description="“小区管家”牵头开展“咖啡议事”,有事多商量、遇事好商量。",
    ),
    NamedStation(
        "黄岛区",
        "长江路街道",
        "健康大使公益托育服务站",
        "workstation",
        "医疗卫生",
        description="健康大使开展公益托育,已服务6个月至3岁婴幼儿家庭145户、300余人次、200小时。",
    ),
    NamedStation(
        "黄岛区",
        "黄岛街道",
        "就业大使服务站",
        "workstation",
        "新就业群体",
        description="就业大使对接企业举办“春风行动”招聘会,提供就业岗位200余个。",
    ),
    NamedStation(
        "城阳区",
        "城阳街道",
        "城市管理代表工作站",
        "workstation",
        "城市管理",
        description="组织代表深入社区征询意见,已解决西黄埠社区路面修复等民生问题。",
    ),
    NamedStation("城阳区", "流亭街道", "社会治理代表工作站", "workstation", "社会治理"),
    NamedStation("城阳区", "夏庄街道", "医疗卫生代表工作站", "workstation", "医疗卫生"),
    NamedStation("城阳区", "惜福镇街道", "特色农业代表工作站", "workstation", "特色农业"),
    NamedStation("城阳区", "上马街道", "文化教育代表工作站", "workstation", "文化教育"),
    NamedStation("城阳区", "河套街道", "法治宣传代表工作站", "workstation", "法制宣传"),
    NamedStation("城阳区", "棘洪滩街道", "轨道交通产业链代表工作站", "workstation", "新就业群体"),
    NamedStation("城阳区", "城阳街道", "世纪公园代表联系点", "contact_point"),
    NamedStation("城阳区", "夏庄街道", "毛公山公园代表联系点", "contact_point"),
    NamedStation("城阳区", "流亭街道", "白沙河公园代表联系点", "contact_point"),
    NamedStation("城阳区", "城阳街道", "青岛农业大学代表联系点", "contact_point", "文化教育"),
    NamedStation("城阳区", "城阳街道", "城阳区第一高级中学代表联系点", "contact_point", "文化教育"),
    NamedStation("城阳区", "棘洪滩街道", "轨道交通产业示范区代表联系点", "contact_point"),
    NamedStation("城阳区", "河套街道", "高新区蓝色生物医药产业园代表联系点", "contact_point"),
    NamedStation("城阳区", "上马街道", "上马工业园代表联系点", "contact_point"),
    NamedStation("城阳区", "红岛街道", "红岛渔港代表联系点", "contact_point"),
    NamedStation("城阳区", "城阳街道", "宝龙城市广场代表联系点", "contact_point", "新就业群体"),
    NamedStation(
        "即墨区",
        "蓝村街道",
        "街道议政代表会议事室",
        "liaison",
        "社会治理",
        description="街道议政代表会的议事场所,“小平台”彰显“大作为”。",
    ),
    NamedStation(
        "胶州市",
        "阜安街道",
        "“一缕阳光”人大代表义工服务站",
        "liaison",
        "社会治理",
        description="人大代表义工队开展助老、助残、助学等公益服务。",
    ),
    NamedStation(
        "胶州市",
        "三里河街道",
        "人大代表直通车联络站",
        "liaison",
        "社会治理",
        description="代表收集社情民意,经热线或网络平台“直通车”反馈人大常委会。",
    ),
    NamedStation(
        "平度市",
        "凤台街道",
        "非遗新课堂专业代表之家",
        "home",
        "传统工艺",
        description="每周邀请非遗传承人为青少年授课,已举办50余场,近千名青少年参与。",
    ),
    NamedStation(
        "平度市",
        "东阁街道",
        "法治宣传专业代表之家",
        "home",
        "法制宣传",
        description="法律界代表开展法律咨询、以案释法。",
    ),
    NamedStation(
        "平度市",
        "崔家集镇",
        "设施蔬菜专业代表之家",
        "home",
        "特色农业",
        description="农业技术代表开展种植培训,带动增收致富、助推乡村振兴。",
    ),
    NamedStation("平度市", "李园街道", "马家沟芹菜专业代表之家", "home", "特色农业"),
    NamedStation("平度市", "大泽山镇", "葡萄产业专业代表之家", "home", "特色农业"),
    NamedStation("平度市", "同和街道", "文化教育专业代表之家", "home", "文化教育"),
    NamedStation("平度市", "南村镇", "法治宣传专业代表之家", "home", "法制宣传"),
    NamedStation("平度市", "店子镇", "草编工艺专业代表之家", "home", "传统工艺"),
    NamedStation("平度市", "白沙河街道", "乡村文化专业代表之家", "home", "文化教育"),
    NamedStation(
        "莱西市",
        "水集街道",
        "“代表月月谈”活动室",
        "liaison",
        "社会治理",
        description="每月组织代表与局长“面对面”,自2024年以来已举办15期,解决群众急难愁盼问题90个。",
    ),
)

# 胶州 organises its deputies of four levels into one joint group per town (代表联组).
JOINT_GROUP_DISTRICT = "胶州市"

KIND_DESCRIPTIONS = {
    "home": "代表之家,居家代表每月至少开门接待1至2次,开展接待群众、业务培训和咨询服务。",
    "liaison": "代表联络站,嵌入社区网格,代表定期进站接待选民、收集社情民意。",
    "workstation": "专业型代表工作室,根据代表专业领域开展履职活动。",
    "contact_point": "代表联系点,设在人流密集场所,扫码即可联系代表(“码”上办)。",
    "legislative": "基层立法联系点,征集群众对法律法规草案的意见建议。",
}

CONTACT_PLACES = (
    "党群服务中心",
    "口袋公园",
    "文化广场",
    "商圈",
    "产业园",
    "创业孵化基地",
    "物流园",
    "小学",
    "卫生服务站",
    "养老服务中心",
    "新时代文明实践站",
)

ADDRESS_VENUES = ("", "党群服务中心", "党群服务中心二楼", "便民服务中心一楼", "综合楼三楼")

WEEKDAY_NAMES = "一二三四五六日"

# Common surnames with their weight, leaning towards Jiaodong's (于, 姜, 曲, 隋, 矫, 逄 …).
SURNAMES: tuple[tuple[str, int], ...] = tuple(
    (item[0], int(item[1:]))
    for item in _words(
        "王10 张8 李8 刘7 孙4 于4 杨3 赵3 陈3 徐3 高3 姜3 宋2 薛2 周2 马2 韩2 郭2 隋1 曲1 "
        "矫1 逄1 宫1 臧1 吴1 丁1 董1 崔1 范1 袁1 林1 任1 修1 栾1 纪1 吕1 邵1 胡1 朱1 黄1"
    )
)
GIVEN_MALE = "伟强磊军勇杰涛斌鹏超明刚平辉健峰建国东海波宁志文华俊浩宇凯鑫振兴成庆福德永胜春雷新培"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲红梅莉婷雪琳颖倩洁慧萍晶丹欣悦蕾秀英兰凤琴玉"

# Qingdao's old-city roads mostly carry the names of Chinese cities; communities follow them.
ROAD_STEMS = _words(
    "南京 福州 漳州 泉州 厦门 宁德 台湾 延安 宁夏 镇江 辽阳 长春 吉林 抚顺 鞍山 本溪 丹东 "
    "营口 洛阳 郑州 开封 许昌 商丘 太原 大同 保定 沧州 徐州 扬州 苏州 无锡 常州 杭州 嘉兴 "
    "金华 温州 南昌 九江 长沙 湘潭 衡阳 成都 贵阳 昆明 西宁 银川 兰州 天水 咸阳 汉中 唐山 "
    "邯郸 济南 潍坊 烟台 威海 临沂 德州 聊城 滨州 菏泽 日照 芝罘 孟庄 错埠岭 小村庄"
)
ESTATE_STEMS = "海山福和瑞金翠锦嘉华康安泰润"
ESTATE_SUFFIXES = ("花园", "苑", "新村", "家园", "城")
# Jiaodong village names: 王家庄, 宋戈庄, 东李家疃, 大沟 …
VILLAGE_SURNAMES = "王李张刘孙于姜宋曲隋高赵徐杨陈韩吕臧丁周崔范袁栾纪修"
VILLAGE_FAMILY_SUFFIXES = "庄疃屯埠洼沟岭泊寨院"
VILLAGE_GE_SUFFIXES = ("戈庄", "哥庄", "格庄", "官庄")
VILLAGE_PLACE_PREFIXES = "东西南北前后大小上下新石"
VILLAGE_PLACE_SUFFIXES = "疃庄沟岭河泊崖店集寨埠坡湾"

SECTOR_WEIGHTS_URBAN = {
    "worker": 15,
    "farmer": 3,
    "professional": 30,
    "business": 22,
    "official": 20,
    "military": 2,
    "other": 8,
}
SECTOR_WEIGHTS_TOWN = {
    "worker": 12,
    "farmer": 28,
    "professional": 18,
    "business": 18,
    "official": 18,
    "military": 1,
    "other": 5,
}
SECTOR_SPECIALTIES = {
    "professional": ("法律", "医疗", "教育", "城市规划", "心理咨询", "文化艺术", "财务"),
    "business": ("企业管理", "财务", "法律"),
    "official": ("社会工作", "城市规划", "法律", "教育"),
    "worker": ("社会工作", "企业管理", "文化艺术"),
    "farmer": ("农业技术", "社会工作"),
    "military": ("社会工作", "医疗"),
    "other": ("社会工作", "文化艺术", "心理咨询", "教育"),
}
# Ambassadors are appointed for what they know (黄岛): a doctor becomes a health ambassador.
SPECIALTY_AMBASSADOR = {
    "医疗": "健康大使",
    "心理咨询": "健康大使",
    "法律": "法援大使",
    "企业管理": "就业大使",
    "财务": "就业大使",
    "教育": "文化大使",
    "文化艺术": "文化大使",
}
# Prefixes of the mainland carriers' mobile number blocks (移动、联通、电信).
MOBILE_PREFIXES = _words(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "176 177 178 180 181 182 183 185 186 187 188 189 191 198 199"
)
DUTY_NOTES = ("接待选民", "接待群众", "收集社情民意", "政策宣讲", "法律咨询", "专业咨询服务")


@dataclass(frozen=True)
class Term:
    """The current term of one level of people's congress (换届 dates, rounded)."""

    start: tuple[int, int, int]
    end: tuple[int, int, int]


TERMS = {
    "national": Term((2023, 3, 5), (2028, 3, 4)),
    "provincial": Term((2023, 1, 12), (2028, 1, 11)),
    "city": Term((2022, 1, 10), (2027, 1, 9)),
    "county": Term((2021, 12, 28), (2026, 12, 27)),
    "township": Term((2021, 12, 20), (2026, 12, 19)),
}
# Chance of each level for a deputy's first mandate; towns also elect township deputies.
LEVEL_WEIGHTS_URBAN = {"county": 80, "city": 14, "provincial": 5, "national": 1}
LEVEL_WEIGHTS_TOWN = {"township": 35, "county": 50, "city": 10, "provincial": 4, "national": 1}
# A second mandate, where a deputy holds one, is at the neighbouring level.
SECOND_LEVEL = {
    "township": "county",
    "county": "city",
    "city": "county",
    "provincial": "city",
    "national": "provincial",
}


@dataclass(frozen=True)
class Login:
    """A demo account: who it is and what it shows."""

    username: str
    role: str  # "superuser", "district_staff", "deputy" or "department"
    district: str = ""
    note: str = ""
    permissions: tuple[str, ...] = ()
    department: str = ""  # for a department account: the department's name in its district


LOGINS: tuple[Login, ...] = (
    Login("admin", "superuser", note="全部区市,含账号管理"),
    *(
        Login(
            spec.username,
            "district_staff",
            spec.name,
            note="可查看代表完整手机号(留痕)" if spec.username == "shinan" else "",
            permissions=("representatives.view_deputy_phone",) if spec.username == "shinan" else (),
        )
        for spec in DISTRICTS
    ),
    Login("deputy", "deputy", MARKER_DISTRICT, note="本人的驻站、生活社区(双报到)与排班"),
    Login(
        "chengguan",
        "department",
        MARKER_DISTRICT,
        note="市南区城市管理局:只看转办给本部门的诉求",
        department="城市管理局",
    ),
)

# The letters that start each district's tracking numbers (SN-2026-000001).
DISTRICT_CODES = {
    "市南区": "SN",
    "市北区": "SB",
    "李沧区": "LC",
    "崂山区": "LS",
    "黄岛区": "HD",
    "城阳区": "CY",
    "即墨区": "JM",
    "胶州市": "JZ",
    "平度市": "PD",
    "莱西市": "LX",
}
