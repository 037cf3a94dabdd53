"""The find query set: 20 keyword queries and 20 申论-style questions over the bundled decks,
each with the notes (DECK/NOTE) a candidate who knows the material would expect in the top 5.

Written from the material, not from the search's output; wording deliberately differs from the
notes' text (synonyms, places, practice names, whole questions).
"""

from __future__ import annotations

XS = "xinshidai-jiceng"
Z1, Z2, Z3, Z4 = (
    "zhizhi-1-zhongxin-xiayi",
    "zhizhi-2-dangjian-yinling",
    "zhizhi-3-santi-heyi",
    "zhizhi-4-duoyuan-gongzhi",
)
Z5, Z6, Z7, Z8 = (
    "zhizhi-5-keji-funeng",
    "zhizhi-6-songbang-jianfu",
    "zhizhi-7-xietong-tuijin",
    "zhizhi-8-shidian-kuomian",
)
DF, CX = "difang-chuangxin", "chuangxin-jiceng"


def ids(deck: str, *notes: str) -> list[str]:
    return [f"{deck}/{n}" for n in notes]


KEYWORD_QUERIES: list[tuple[str, list[str]]] = [
    ("枫桥", ids(Z1, "fengqiao-jingyan")),
    (
        "网格 减负",
        ids(XS, "quanke-wangge-duice", "chaoyang-quanke-wangge")
        + ids(Z2, "fuxin-quanke-wangge")
        + ids(DF, "kunshan-wangge-weiji")
        + ids(Z6, "jianfu-duice")
        + ids(CX, "liuzhou-fuquan-jianfu-zengxiao"),
    ),
    (
        "群众参与 议事",
        ids("jiceng-zhidu", "longjing-shuoshi-yishi")
        + ids(Z2, "lishi-shuoshi-yishi")
        + ids(XS, "lixia-jumin-yishihui", "xieshang-minzhu-duice"),
    ),
    ("吹哨报到", ids(Z1, "beijing-jiexiang-chuishao", "linyi-lanshan-chuishao-baodao")),
    ("乌镇管家", ids(Z3, "wuzhen-guanjia")),
    ("温岭 恳谈", ids(Z1, "wenling-minzhu-kentanhui")),
    ("积分银行", ids(XS, "wuhou-jifen-yinhang", "jifenzhi-duice")),
    ("红色物业", ids(Z2, "wuhan-hongse-wuye")),
    (
        "三治融合",
        ids(Z3, "santi-heyi-duice", "tongxiang-gaoqiao-santuan", "enshi-santi-ronghe")
        + ids(Z3, "santi-heyi-yiyi"),
    ),
    (
        "城市大脑",
        ids(Z5, "hangzhou-chengshi-danao")
        + ids("jiceng-jishu", "hangzhou-zhenjie-danao", "xiangcheng-zuiqiang-danao"),
    ),
    ("健康码", ids(Z7, "fujian-jiankangma")),
    ("数字孪生", ids(XS, "nanshan-shuzi-luansheng", "shuzi-luansheng-duice")),
    ("社区合伙人", ids(XS, "qinhuai-shequ-hehuoren", "shequ-hehuoren-duice")),
    ("一网通办", ids(Z6, "shanghai-yiwangtongban-jianfu") + ids(Z5, "suanli-huan-renli")),
    ("村规民约", ids(Z8, "shunyi-cunguiminyue")),
    (
        "红白喜事 移风易俗",
        ids(Z8, "feixiang-hongbai-xishi", "qingdao-hunli-jianyue") + ids(Z7, "wushan-wushijiu"),
    ),
    ("强镇扩权", ids(Z1, "hunan-qiangzhen-kuoquan")),
    ("宅基地", ids(Z8, "yongfeng-zhaigai")),
    (
        "会议太多 工作群",
        ids(Z6, "ningxia-babu-kaihui", "wuhan-danshuichi-jiandui-jian", "bujia-bukai-butian")
        + ids(Z6, "ningxia-nongkou-huiyi"),
    ),
    ("党员联户 江阴", ids("jiceng-dangjian", "jiangyin-1-10-n")),
]

QUESTION_QUERIES: list[tuple[str, list[str]]] = [
    (
        "结合给定资料，谈谈如何推动基层治理重心下移",
        ids(Z1, "liebi-xuanfu-duice", "zhongxin-xiayi-dingxing", "zhongxin-xiayi-qiangji-zhice")
        + ids(Z1, "zhongxin-xiayi-zhiyao")
        + ids(DF, "q-zhongxin-xiayi"),
    ),
    (
        "请就如何为基层干部松绑、让他们把精力用在抓落实上提出对策",
        ids(Z6, "jianfu-duice", "jianfu-luodi-sanfangmian", "jianfu-hexin-yaoyi")
        + ids(Z6, "qingzhuang-shangzhen"),
    ),
    (
        "根据给定资料，分析基层干部压力大、疲于应付的原因",
        ids(Z6, "jiceng-fudan-yuanyin", "qiantiaoxian-yigenzhen")
        + ids("jiceng-zhidu", "shenjing-moshao"),
    ),
    (
        "结合材料，谈谈发挥基层党组织战斗堡垒作用的意义",
        ids("jiceng-dangjian", "dangjian-yiyi")
        + ids("jiceng-beijing", "zhandou-baolei")
        + ids(Z2, "banhao-zhongguo-shiqing", "dangjian-yinling-qishi"),
    ),
    (
        "如何运用大数据、人工智能提升基层治理的智能化水平？请提出建议",
        ids("jiceng-jishu", "jishu-duice", "xi-dashuju-juece")
        + ids(Z5, "zhihui-zhili-duice", "hangzhou-chengshi-danao"),
    ),
    ("给定资料反映了基层智慧治理还有哪些短板？请概括", ids(Z5, "zhili-wenti")),
    (
        "请就健全自治、法治、德治相结合的乡村治理体系提出对策",
        ids(Z3, "santi-heyi-duice", "santi-heyi-yiyi", "shijiuda-santi-xiangjiehe"),
    ),
    (
        "结合给定资料，谈谈怎样调动居民参与社区治理的积极性",
        ids(XS, "jifenzhi-duice", "wuhou-jifen-yinhang")
        + ids("jiceng-shequ", "shequ-duice")
        + ids(Z2, "guanzhong-bian-zhujiao"),
    ),
    ("社区治理在共建共治共享方面存在哪些问题？", ids("jiceng-shequ", "shequ-wenti", "shequ-duice")),
    (
        "如何打造人人有责、人人尽责的社会治理共同体",
        ids(Z4, "duoyuan-gongzhi-duice", "renren-youze-gongtongti", "zhuti-zuoyong-fengong"),
    ),
    (
        "基层治理改革如何由点到面推广？请谈谈启示",
        ids(Z8, "shidian-kuomian-qishi", "dianmian-guanxi", "shidian-kuomian-liangxing-hudong"),
    ),
    (
        "脱贫攻坚为农村基层治理打下了哪些基础？",
        ids(Z7, "tuopin-zhili-jichu", "liuba-fupin-huzhu-hezuoshe"),
    ),
    (
        "如何提升基层应对洪涝干旱等自然灾害的能力",
        ids(Z7, "fangzai-sange-zhuanbian", "fangweishang-jiucizhi", "xi-fangzai-jiti-xuexi-2015")
        + ids(Z7, "hunan-yufangxing-diaodu", "gongjian-kenan-qishi"),
    ),
    (
        "谈谈新时代基层治理面临的主要难点",
        ids(XS, "jiceng-nandian") + ids(CX, "jiceng-zhili-wenti"),
    ),
    (
        "请分析推进基层治理制度创新的重要意义",
        ids("jiceng-zhidu", "zhidu-yiyi", "zhidu-duice") + ids("jiceng-beijing", "zhidu-qianti"),
    ),
    (
        "结合资料谈谈如何让资源、服务、管理真正沉到基层，避免“悬浮”",
        ids(Z1, "liebi-xuanfu-duice", "xiachen-jiedezhu-yongdehao", "mingfang-anbufang"),
    ),
    (
        "如何整治“指尖上的形式主义”",
        ids(Z6, "wuhan-zhijianshang-zhuanxiang", "wuhan-danshuichi-jiandui-jian", "jianfu-duice"),
    ),
    (
        "互联网平台企业如何加强党的建设，实现党组织全覆盖",
        ids(Z2, "pingtai-qiye-erji-dangwei", "yewu-daonali-dangzuzhi-fugai"),
    ),
    (
        "稳定社区工作者队伍、提高村居干部待遇，你有何建议",
        ids(Z1, "wuhan-shequ-gongzuozhe", "cunju-ganbu-zhuanzhihua", "wuhan-shequ-shuji-5800"),
    ),
    (
        "如何用法治思维和法治方式化解基层矛盾",
        ids(CX, "q-fazhi-siwei-zhunze", "q-fazhi-fangshi")
        + ids(Z3, "falv-shouhu-pingan", "zhongping-cun-fazhi"),
    ),
]

# 20 more, written later and worded further from the notes: everyday words for what the notes
# name formally (会议太多 for 文山会海, 彩礼 for 移风易俗), places without practice names,
# and questions that name a situation rather than a theme.
Z7 = "zhizhi-7-xietong-tuijin"
EXTRA_QUERIES: list[tuple[str, list[str]]] = [
    ("物业 小区 党组织", ids(Z2, "wuhan-hongse-wuye") + ids("jiceng-shequ", "jintan-lifuqin-1-t")),
    (
        "会议太多 文件太多 基层干部",
        ids(Z6, "jianfu-duice", "ningxia-babu-kaihui", "ningxia-nongkou-huiyi")
        + ids(Z6, "jiceng-fudan-yuanyin"),
    ),
    ("健康码 疫情", ids(Z7, "fujian-jiankangma") + ids(Z4, "shanghai-shequ-tuangou")),
    (
        "彩礼 大操大办",
        ids(Z8, "feixiang-hongbai-xishi", "qingdao-hunli-jianyue") + ids(Z7, "wushan-wushijiu"),
    ),
    ("乡规民约 村民自治", ids(Z8, "shunyi-cunguiminyue") + ids(Z3, "hezhai-cun-cunmin-zizhi")),
    ("宅基地", ids(Z8, "yongfeng-zhaigai", "gaoling-gongxiang-cunluo")),
    ("拖欠农民工工资", ids(Z8, "mentougou-qianxin-fenji-jianguan")),
    (
        "防汛 抗旱",
        ids(Z7, "hunan-yufangxing-diaodu", "wangjiaba-xiehong-chetui", "fangzai-sange-zhuanbian"),
    ),
    ("乡镇 财力 不足", ids(Z1, "jieshou-xiangzhen-erji-jinku", "liuyang-caizheng-shuangfan")),
    ("村支书 后备人才", ids(Z2, "ganxian-hongse-touyan")),
    ("一站式 化解纠纷", ids(Z1, "chongqing-santiao-heyi") + ids(DF, "hangzhou-yima-jiejiufen")),
    (
        "培育社会组织",
        ids(DF, "chaoyang-chengzhang-huoban") + ids(XS, "qinhuai-shequ-hehuoren"),
    ),
    (
        "有的地方检查考核名目繁多，基层反复填表报数、疲于应付。请分析基层负担过重的原因。",
        ids(Z6, "jiceng-fudan-yuanyin", "jianfu-wuqu-zhonggengzu"),
    ),
    (
        "某街道想借助信息技术提升社区服务水平，请你为其提出建议。",
        ids(XS, "zhihui-shequ-duice", "changning-zhihui-shequ")
        + ids("jiceng-jishu", "jishu-duice")
        + ids(Z5, "zhihui-zhili-duice"),
    ),
    (
        "针对城市小区居民参与公共事务积极性不高的问题，提出对策。",
        ids(XS, "jifenzhi-duice", "wuhou-jifen-yinhang")
        + ids("jiceng-shequ", "shequ-duice")
        + ids(Z4, "duoyuan-gongzhi-duice"),
    ),
    ("谈谈把试点经验由点到面推开的启示", ids(Z8, "shidian-kuomian-qishi")),
    (
        "如何让优质医疗、教育资源流向偏远地区的群众",
        ids(Z1, "xinjiang-erke-yiliao-lianheti", "changsha-bobo-xuexiao-tizhi")
        + ids(Z1, "ziyuan-xiachen-sige"),
    ),
    (
        "村级权力运行不透明、“微腐败”时有发生，请提出加强监督的对策。",
        ids(Z8, "yinzhou-san-qingdan") + ids(Z1, "shangyu-jiandu-xiachen"),
    ),
    (
        "请分析打赢脱贫攻坚战给乡村治理带来的变化",
        ids(Z7, "tuopin-zhili-jichu", "liuba-fupin-huzhu-hezuoshe", "tiane-45-cun-5-lei"),
    ),
    (
        "怎样搭建平台，让群众对公共事务“有事好商量”",
        ids(Z4, "zhejiang-qingnilai-xieshang")
        + ids(Z1, "wenling-minzhu-kentanhui")
        + ids(XS, "xieshang-minzhu-duice"),
    ),
]

ALL_QUERIES = KEYWORD_QUERIES + QUESTION_QUERIES + EXTRA_QUERIES
