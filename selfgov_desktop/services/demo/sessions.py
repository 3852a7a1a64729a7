"""Demo 三会: every kind in every step state (and closed), with realistic content, people
from the demo roster, votes, scores and follow-ups — some of them overdue.

Built through the real services (nested in the demo transaction as savepoints), so the
demo data obeys the same rules, audit trail and compliance scores as real work. Where a
rule fails (a late notice, a deadline already passed on the demo's "today") a realistic
reason is recorded, as a committee would."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from ...domain.errors import UserError
from ...domain.evaluation import options
from ...domain.workflows import definition
from .. import followups as F
from .. import participants as P
from .. import sessions as S
from ..base import Context, Tx

# Each hearing: (title, source, request count, background, affected 楼组, presenting unit, what was
# said and decided). {Y} is the year of the meeting, {Y1} the year after; {bg} facts from the roster.
# Speeches: (who, stance, content), who = "陈述人" (the presenting unit) or "代表" (a 听证代表 present).
HEARINGS = [
    ("关于沁园路88弄3号楼加装电梯方案的听证会", "居民提议", 38,
     "{bg}方案拟在北侧楼道外加装一部平层入户电梯，总造价约80万元，按楼层分摊，申请市、区补贴。"
     "低层住户担心采光和噪音。",
     ["第一楼组"], "上海沁园物业管理有限公司", {
         "speeches": [
             ("陈述人", "陈述", "介绍3号楼加装电梯方案：北侧楼道外加装一部平层入户电梯，总造价约80万元，"
                              "按楼层系数分摊，申请市、区补贴。"),
             ("代表", "赞成", "家里老人腿脚不便，上下楼非常困难，支持尽快加装电梯。"),
             ("代表", "反对", "我家住二楼，担心电梯井挡住采光和通风，希望调整电梯位置。"),
             ("代表", "建议", "建议加装电梯的费用分摊方案再细化，低层住户适当少出或不出。"),
             ("代表", "提问", "加装电梯施工期间楼道能否正常通行？工期多长？"),
             ("陈述人", "答复", "电梯施工期约三个月，楼道保持通行，夜间不施工。"),
             ("代表", "中立", "原则上同意加装电梯，但希望看到详细的结构安全评估报告。")],
         "opinions": "多数听证代表支持加装电梯；低层住户对采光、通风和费用分摊提出意见。",
         "disagreements": "电梯井对低层住户采光的影响；费用分摊比例。",
         "recommendations": "电梯位置向东调整，细化按楼层分摊的方案，施工前公示结构安全评估报告。",
         "decision": "按调整位置后的方案加装电梯，费用分摊方案另行公示。",
         "result": "听证意见已采纳：电梯位置向东调整、细化费用分摊方案；未采纳的意见及理由已逐条说明。"}),
    ("关于小区非机动车充电棚选址的听证会", "议题征询会", None,
     "小区电动自行车在楼道充电，存在火灾隐患。拟在7号楼东侧绿地边新建充电棚一处（40个车位），"
     "需移除部分灌木。周边住户对选址和夜间噪音有不同意见。",
     ["第三楼组", "第四楼组"], "长风新村街道城运中心", {
         "speeches": [
             ("陈述人", "陈述", "介绍充电棚选址方案：7号楼东侧绿地边新建充电棚一处，设40个车位，"
                              "配智能充电桩和烟感报警。"),
             ("代表", "赞成", "电瓶车在楼道里充电太危险，支持尽快建充电棚。"),
             ("代表", "反对", "我家在7号楼东侧一楼，充电棚离窗户太近，夜里进出有噪音，希望换个位置。"),
             ("代表", "建议", "建议充电棚离住户窗户10米以上，移除的灌木要补种。"),
             ("代表", "提问", "充电怎么收费？充满了会自动断电吗？"),
             ("陈述人", "答复", "充电按度计费，价格公示；充满自动断电，充电棚有监控和烟感报警。"),
             ("代表", "中立", "同意建充电棚，但充电收费标准要先公示听取意见。")],
         "opinions": "多数代表支持建充电棚，消除楼道充电隐患；7号楼东侧住户对选址和夜间噪音有意见。",
         "disagreements": "充电棚与住户窗户的距离；移除灌木。",
         "recommendations": "充电棚向南移至离住户窗户10米以外，补种灌木，充电收费标准公示后执行。",
         "decision": "充电棚南移后建设，充电收费标准另行公示。",
         "result": "听证意见已采纳：充电棚南移至离住户10米以外并补种灌木；充电收费标准另行公示。"}),
    ("关于小区停车管理方案调整的听证会", "居委会提出", None,
     "小区车位约320个，登记车辆410辆，夜间停车紧张。拟调整外来车辆收费标准，增设错时停车，"
     "并在主干道划定禁停区。", ["第一楼组", "第二楼组", "第三楼组", "第四楼组", "第五楼组", "第六楼组",
                          "第七楼组", "第八楼组"], "上海沁园物业管理有限公司", {
         "speeches": [
             ("陈述人", "陈述", "介绍停车管理方案：外来车辆按小时收费，增设夜间错时停车，主干道划定禁停区。"),
             ("代表", "赞成", "晚上下班回来经常找不到车位，支持调整停车管理方案。"),
             ("代表", "反对", "外来车辆停车收费太高，子女回来看老人也要付钱，不合理。"),
             ("代表", "建议", "建议探望老人的亲属车辆每月有一定的免费停车时长，登记后发放。"),
             ("代表", "提问", "错时停车的车位在哪里？晚上几点到早上几点？"),
             ("陈述人", "答复", "错时停车借用沿街单位的车位，晚上7点到次日早上7点。"),
             ("代表", "中立", "禁停区要划，但消防通道的划线要先请消防部门确认。")],
         "opinions": "多数代表支持错时停车和划定禁停区；对外来车辆收费标准意见较多。",
         "disagreements": "外来车辆收费标准；探望老人的亲属车辆是否收费。",
         "recommendations": "探望老人的亲属车辆每月给予免费停车时长，禁停区划线请消防部门确认。",
         "decision": "停车管理方案按听证意见修改后实施，外来车辆收费标准另行公示。",
         "result": "听证意见已采纳：增设探望老人亲属车辆的免费停车时长，禁停区划线经消防部门确认；"
                   "收费标准另行公示。"}),
    ("关于垃圾箱房迁移选址的听证会", "职能部门要求", None,
     "现12号楼旁垃圾箱房紧邻住户窗户，异味投诉多。绿化市容部门提出两个迁移选址方案，征求居民意见。",
     ["第四楼组", "第五楼组"], "长风新村街道城运中心", {
         "speeches": [
             ("陈述人", "陈述", "介绍垃圾箱房迁移的两个选址方案：一是迁至15号楼北侧空地，"
                              "二是迁至小区东门围墙边。"),
             ("代表", "赞成", "我家窗户正对现在的垃圾箱房，夏天异味很重，支持尽快迁移。"),
             ("代表", "反对", "15号楼北侧离我家也不远，垃圾箱房搬过去只是把异味换到别人家门口。"),
             ("代表", "建议", "建议新的垃圾箱房加装除臭设备，垃圾定时清运，旁边装冲洗龙头。"),
             ("代表", "提问", "垃圾箱房迁到东门围墙边，老年人扔垃圾是不是太远了？"),
             ("陈述人", "答复", "东门方案最远的楼栋步行约300米，15号楼北侧方案约150米，"
                              "两处垃圾箱房都配洗手池和除臭设备。"),
             ("代表", "中立", "两个选址都可以，关键是垃圾清运要及时，箱房要天天冲洗。")],
         "opinions": "代表一致同意迁移垃圾箱房，多数倾向15号楼北侧方案，要求加装除臭设备。",
         "disagreements": "15号楼北侧住户担心异味转移；东门方案离部分楼栋较远。",
         "recommendations": "采用15号楼北侧方案，垃圾箱房加装除臭设备，每日清运两次并冲洗。",
         "decision": "垃圾箱房迁至15号楼北侧，加装除臭设备，每日清运两次。",
         "result": "听证意见已采纳：垃圾箱房迁至15号楼北侧，加装除臭设备，每日清运两次；"
                   "东门方案因距离较远未采纳。"}),
    ("关于{Y1}年度小区公共收益使用计划的听证会", "居委会提出", None,
     "{Y}年度小区公共收益（广告位、停车费）预计结余约38万元，业委会拟用于小区道路修补、消防设施更新"
     "和非机动车充电棚建设。", ["第一楼组", "第二楼组", "第三楼组", "第四楼组", "第五楼组", "第六楼组",
                          "第七楼组", "第八楼组"], "沁园小区业主委员会", {
         "speeches": [
             ("陈述人", "陈述", "介绍{Y1}年度公共收益使用计划：道路修补15万元、"
                              "消防设施更新13万元、充电棚建设10万元。"),
             ("代表", "赞成", "小区道路坑洼多，有老人摔过跤，支持公共收益先用于道路修补。"),
             ("代表", "反对", "充电棚还没有定选址，现在就从公共收益里列10万元太早。"),
             ("代表", "建议", "建议公共收益的收支明细每季度在居务公开栏公布。"),
             ("代表", "提问", "公共收益的结余是怎么算出来的？有没有审计？"),
             ("陈述人", "答复", "公共收益结余按业委会账目计算，年底请第三方审计，审计报告在公开栏公布。"),
             ("代表", "中立", "同意公共收益使用计划，但要留一部分应急资金。")],
         "opinions": "多数代表同意公共收益用于道路修补和消防设施更新；对充电棚预算和收支公开提出意见。",
         "disagreements": "充电棚预算是否列入本年度公共收益使用计划。",
         "recommendations": "充电棚预算待选址确定后再列支，留出应急资金，收支明细每季度公布。",
         "decision": "公共收益按修改后的计划使用：道路修补、消防设施更新，充电棚预算待选址确定后列支。",
         "result": "听证意见已采纳：充电棚预算待选址确定后列支，留出应急资金，公共收益收支每季度公布。"}),
    ("关于小区雨污分流改造施工方案的听证会", "职能部门要求", None,
     "区水务部门计划在小区实施雨污分流改造，工期约4个月，需分段开挖道路，临时占用部分停车位。",
     ["第二楼组", "第三楼组", "第六楼组"], "普陀区房管局长风房管办", {
         "speeches": [
             ("陈述人", "陈述", "介绍雨污分流改造施工方案：分三段施工，工期约4个月，"
                              "每段施工临时占用约20个停车位。"),
             ("代表", "赞成", "下大雨时楼前经常积水，污水还会倒灌，支持雨污分流改造。"),
             ("代表", "反对", "施工要占停车位，晚上本来就停不下，车停到哪里去？"),
             ("代表", "建议", "建议分段施工提前一周通知，协调附近单位提供临时停车位。"),
             ("代表", "提问", "开挖道路期间，老人出行和救护车通行怎么保证？"),
             ("陈述人", "答复", "每段施工都保留一条通行道，夜间在沟槽上铺钢板，救护车、消防车可以通过。"),
             ("代表", "中立", "同意改造，希望施工单位文明施工，晚上不要施工。")],
         "opinions": "代表普遍支持雨污分流改造；对施工期间的停车和出行安全意见较多。",
         "disagreements": "施工期间临时停车位的安排。",
         "recommendations": "分段施工提前一周通知，协调周边单位提供临时停车位，夜间不施工。",
         "decision": "雨污分流改造按分段施工方案实施，临时停车安排另行通知。",
         "result": "听证意见已采纳：分段施工提前一周通知、夜间不施工，周边单位提供临时停车位。"}),
    ("关于健身苑点更新改造的听证会", "居民提议", 45,
     "中心绿地健身器材使用已超过十年，部分损坏。拟更新器材并增设老年人康复步道，征求居民对布局的意见。",
     ["第五楼组", "第六楼组"], "长风新村街道城运中心", {
         "speeches": [
             ("陈述人", "陈述", "介绍健身苑点更新方案：更换损坏的健身器材12件，"
                              "沿中心绿地增设约200米老年人康复步道。"),
             ("代表", "赞成", "现在的健身器材很多坏了，孩子玩也不安全，支持尽快更新。"),
             ("代表", "反对", "康复步道要占用绿地，还要移树，我不同意。"),
             ("代表", "建议", "建议康复步道沿现有小路铺设，不移树，步道边增加几张休息座椅。"),
             ("代表", "提问", "新的健身器材有没有适合老年人的？地面会不会铺防滑垫？"),
             ("陈述人", "答复", "新器材一半适合老年人，器材区铺设防滑软垫。"),
             ("代表", "中立", "同意更新健身器材，但施工要避开早上居民锻炼的时间。")],
         "opinions": "代表普遍支持更新健身器材；对康复步道占用绿地有不同意见。",
         "disagreements": "康复步道是否占用绿地、移树。",
         "recommendations": "康复步道沿现有小路铺设，不移树，增设休息座椅，施工避开早晨锻炼时间。",
         "decision": "按调整后的布局更新健身苑点，康复步道沿现有小路铺设。",
         "result": "听证意见已采纳：康复步道沿现有小路铺设、不移树，增设休息座椅；"
                   "施工避开早晨锻炼时间。"}),
    ("关于楼道公共照明改造的听证会", "议题征询会", None,
     "多数楼道仍为老式声控灯，损坏率高。拟统一更换为感应式LED灯，费用从公共收益列支。",
     ["第七楼组", "第八楼组"], "上海沁园物业管理有限公司", {
         "speeches": [
             ("陈述人", "陈述", "介绍楼道照明改造方案：第七、第八楼组各楼道的老式声控灯"
                              "统一更换为感应式LED灯，费用从公共收益列支。"),
             ("代表", "赞成", "晚上楼道灯经常不亮，老人上下楼很危险，支持尽快换灯。"),
             ("代表", "反对", "感应灯太灵敏，楼道里有人走动就亮，灯光会照进我家门缝。"),
             ("代表", "建议", "建议选用可调亮度的LED灯，夜里亮度调低一些。"),
             ("代表", "提问", "换一盏灯要多少钱？以后灯坏了谁来修？"),
             ("陈述人", "答复", "每盏灯含安装约250元，质保三年，灯坏了由物业负责维修。"),
             ("代表", "中立", "同意换灯，但要先在一个楼道试装，大家看了照明效果再全面推开。")],
         "opinions": "代表普遍支持更换楼道灯；部分代表对感应灵敏度和夜间亮度有意见。",
         "disagreements": "感应灯的灵敏度和夜间亮度。",
         "recommendations": "选用可调亮度的LED灯，先在一个楼道试装，灯具由物业负责维修。",
         "decision": "楼道灯更换为可调亮度的感应式LED灯，先试装后推开。",
         "result": "听证意见已采纳：选用可调亮度的LED灯，先在19号楼试装；灯具维修由物业负责。"}),
]

# Each coordination: (title, category, facts, the agreed term, who performs it, where the parties
# live, what was said). Parties come from the roster: "vertical" takes two households one above
# the other in that building ({a} upstairs, {b} downstairs), "same" two households of it, "any"
# two anywhere; "unit" makes the property company the second party. {bld} is the building.
# Speeches: (who, stance, content), who = "甲"/"乙" (the parties, in that order) or "调解员".
COORDINATIONS = [
    ("关于{bld}{a}漏水至{b}的协调会", "渗漏水",
     "{b}卫生间天花板持续渗水，墙面霉变。{b}住户认为是{a}卫生间防水层老化所致，{a}住户认为是公共立管问题。",
     "{a}住户委托有资质单位检测并修复卫生间防水层", "{a}住户", ("5号", "vertical"), [
         ("乙", "陈述", "家里卫生间天花板渗水快半年了，墙面都发霉了，希望楼上尽快修好。"),
         ("甲", "陈述", "我家卫生间没有明显漏水，可能是公共立管的问题，不全是我家的责任。"),
         ("调解员", "建议", "建议请有资质的单位检测渗水原因，检测费先由双方各承担一半，查明后由责任方承担。"),
         ("甲", "同意", "同意请人检测，如果是我家防水层的问题，我负责修复。"),
         ("乙", "同意", "同意这个办法，修好后墙面我自己处理。")]),
    ("关于广场舞音量扰民的协调会", "噪音",
     "每晚19:00—21:00中心绿地广场舞音量较大，邻近{bld}住户多次投诉，双方在现场发生争执。",
     "广场舞音响音量控制在60分贝以内，21:00前结束", "文体团队队长", ("9号", "any"), [
         ("乙", "陈述", "每天晚上广场舞的音响声音很大，孩子没法写作业，老人睡不好。"),
         ("甲", "陈述", "跳舞是为了锻炼身体，我们已经把音量调小了，希望邻居也理解。"),
         ("调解员", "建议", "建议音量控制在60分贝以内，21:00前结束，物业借一个分贝仪现场监测。"),
         ("甲", "同意", "同意控制音量，每天21:00前结束。"),
         ("乙", "同意", "能做到的话，我们不再投诉。")]),
    ("关于{bld}宠物犬扰民的协调会", "宠物",
     "{bld}{a}饲养的大型犬夜间吠叫，且在楼道随地便溺，{b}等住户多次反映。",
     "犬主出门牵绳、及时清理粪便，夜间关窗减少吠叫", "{a}住户", ("11号", "vertical"), [
         ("乙", "陈述", "楼上的狗晚上一直叫，楼道里还有粪便，家里老人被吓到过。"),
         ("甲", "陈述", "狗是家里老人的伴，我会注意，但楼道里的粪便不全是我家狗的。"),
         ("调解员", "建议", "建议出门牵绳、随身带袋清理粪便，夜间关好窗户，居委会一个月后回访。"),
         ("甲", "同意", "同意，以后出门一定牵绳，随时清理。"),
         ("乙", "同意", "同意，希望说到做到。")]),
    ("关于{bld}楼道堆物的协调会", "公共空间占用",
     "{bld}一楼至三楼楼道堆放纸板、旧家具，影响通行和消防安全。堆物的{a}住户认为是临时存放。",
     "{a}住户一周内清理楼道杂物", "{a}住户", ("8号", "same"), [
         ("乙", "陈述", "楼道里堆满纸板和旧家具，晚上走路都绊脚，万一着火怎么逃？"),
         ("甲", "陈述", "东西是家里装修临时放的，过几天就搬走。"),
         ("调解员", "建议", "楼道是消防通道，不能堆物。建议一周内清理干净，大件旧家具可以请物业协助搬运。"),
         ("甲", "同意", "同意一周内清理，请物业帮忙搬旧家具。"),
         ("乙", "同意", "同意，清理干净就好。")]),
    ("关于地面停车位被长期占用的协调会", "停车",
     "{a}住户用地锁长期占用地面公共车位，{b}住户多次与其发生争执。",
     "{a}住户拆除私装的地锁，车位按物业统一安排使用", "{a}住户", ("", "any"), [
         ("乙", "陈述", "公共车位被装了地锁，别人都不能停，这不公平。"),
         ("甲", "陈述", "这个车位我停了好几年，一直是我在打扫，装地锁是怕别人乱停。"),
         ("调解员", "建议", "地面车位是全体业主共有的，不能私装地锁。"
                          "建议三天内拆除地锁，车位按物业登记统一安排。"),
         ("甲", "同意", "同意拆除地锁，按物业的安排登记停车。"),
         ("乙", "同意", "同意，按登记停车大家都公平。")]),
    ("关于空调外机滴水的协调会", "邻里纠纷",
     "{bld}{a}空调外机冷凝水滴落在{b}阳台，双方多次争吵。",
     "{a}住户加装冷凝水导管，引入雨水管", "{a}住户", ("20号", "vertical"), [
         ("乙", "陈述", "楼上空调的水一直滴在我家阳台上，衣服都没法晾。"),
         ("甲", "陈述", "空调是装修时师傅装的，我不知道会滴水，愿意想办法解决。"),
         ("调解员", "建议", "建议加装冷凝水导管，接入雨水管，费用由楼上住户承担。"),
         ("甲", "同意", "同意，一周内请师傅加装导管。"),
         ("乙", "同意", "同意，装好以后不再追究。")]),
    ("关于物业维修响应慢的协调会", "物业服务",
     "{bld}多户居民反映报修后一周以上无人上门，与物业客服多次争吵。",
     "物业公司建立报修24小时响应制度并公示维修电话", "上海沁园物业管理有限公司", ("16号", "unit"), [
         ("甲", "陈述", "我家水管坏了报修三次，等了十天才来人，客服电话也经常没人接。"),
         ("乙", "陈述", "前段时间维修人员不足，确实响应慢了，我们向居民道歉。"),
         ("调解员", "建议", "建议物业建立报修24小时响应制度，在各楼道公示维修电话，居委会每月回访。"),
         ("乙", "同意", "同意，下周起执行24小时响应，并在各楼道公示维修电话。"),
         ("甲", "同意", "同意，希望物业说到做到。")]),
]

# Each evaluation: (title, object type, object, reporter, period). The period is counted back
# from the meeting date: "year" this year to the meeting's month, "half" the last half-year
# ended, "quarter" the last quarter ended; {Y} in the title is the period's year, {part} its half
# or quarter, so a title never names a year its period does not cover.
EVALUATIONS = [
    ("{Y}年度物业服务评议会", "物业公司", "上海沁园物业管理有限公司", "王建新（项目经理）", "year"),
    ("{Y}年度居委会工作评议会", "居委会", "沁园居民委员会", "陈立群（居委会主任）", "year"),
    ("{Y}年度社区民警工作评议会", "社区民警", "长风新村派出所沁园社区警务室", "赵磊（社区民警）", "year"),
    ("{Y}年度社工站服务评议会", "社工站", "长风新村街道社工站", "郁佳怡（社工）", "year"),
    ("居委会委员{Y}年度述职评议会", "居委会成员", "沁园居委会成员", "陈立群等5名居委会成员", "year"),
    ("楼道墙面粉刷工程项目评议会", "项目", "楼道墙面粉刷工程", "施工单位项目负责人", "year"),
    ("{Y}年{part}物业服务评议会", "物业公司", "上海沁园物业管理有限公司", "刘卫东（客服主管）", "quarter"),
    ("{Y}年度房管办服务评议会", "职能部门", "普陀区房管局长风房管办", "陆志强（房管员）", "year"),
    ("{Y}年{part}物业服务评议会", "物业公司", "上海沁园物业管理有限公司", "王建新（项目经理）", "half"),
]

# What residents said of each kind of object, and the two commitments it made in answer.
EVALUATION_CONTENT = {
    "物业公司": ("保洁不及时、报修响应慢、公共收益公开不够",
             ["报修24小时内响应，每月公示维修情况", "每季度公示公共收益收支"]),
    "居委会": ("办事流程公示不够、夜间和周末联系不便",
            ["在居务公开栏公示办事流程和所需材料", "每周六上午安排干部值班"]),
    "社区民警": ("夜间巡逻较少、电动自行车防盗宣传不够",
             ["每周增加两次夜间巡逻", "每季度开展一次防盗防诈骗宣传"]),
    "社工站": ("为老服务项目少、活动通知不及时",
            ["增设老年人助餐和陪同就医服务", "活动通知提前一周张贴到各楼道"]),
    "居委会成员": ("部分委员走访楼组不够、回应居民诉求偏慢",
              ["每名委员每月走访联系楼组不少于两次", "居民诉求三个工作日内答复"]),
    "项目": ("施工期间噪音大、楼道清洁不及时",
           ["施工结束后一周内全面清洁楼道", "保修期内报修24小时内上门"]),
    "职能部门": ("维修资金申请流程长、答复不及时",
             ["公开维修资金申请流程和办理时限", "居民来电三个工作日内答复"]),
}


def evaluation_period(kind: str, meet: dt.date) -> tuple[int, str, str]:
    """(year, part, period text) of what an evaluation held on `meet` covers."""
    if kind == "half":
        if meet.month > 6:
            return meet.year, "上半年", f"{meet.year}年1月—6月"
        return meet.year - 1, "下半年", f"{meet.year - 1}年7月—12月"
    if kind == "quarter":
        q = (meet.month - 1) // 3 - 1  # the last quarter ended
        year = meet.year if q >= 0 else meet.year - 1
        q %= 4
        return year, f"第{'一二三四'[q]}季度", f"{year}年{3 * q + 1}月—{3 * q + 3}月"
    return meet.year, "", f"{meet.year}年1月—{meet.month}月"


PRE = {
    "topic_consultation": [
        ("{season}议题征询会", "收集居民对小区环境和设施的需求，形成议题。",
         "形成议题2项：3号楼加装电梯、非机动车充电棚。"),
        ("关于加装电梯的议题征询会", "听取各楼组对加装电梯的意愿。", "3号楼、6号楼意愿较强，先推进3号楼。"),
        ("关于停车难的议题征询会", "征集停车管理的意见。", "建议错时停车、调整收费，提交听证会。"),
        ("{season}议题征询会", "征集居民对小区设施的需求。",
         "形成议题3项：楼道照明改造、健身苑点更新、垃圾箱房迁移；楼道照明改造先提交听证会。"),
    ],
    "democratic_talk": [
        ("关于广场舞噪音的民主恳谈会", "请跳舞居民和周边住户坦诚交流。",
         "双方同意控制音量和时间，细节在协调会上确定。"),
        ("关于楼道堆物的民主恳谈会", "了解堆物原因和邻居意见。", "堆物住户愿意清理，请物业协助搬运。"),
        ("关于宠物管理的民主恳谈会", "养犬户和其他居民交流文明养犬。", "形成文明养犬公约草案。"),
        ("关于物业服务的民主恳谈会", "业主与物业面对面交流。", "物业承诺改进报修响应，召开协调会落实。"),
    ],
    "supervision_review": [
        ("社工站服务监督合议会", "合议社工站评议内容。", "增加“回应居民需求”一项。"),
        ("居委会年度工作监督合议会", "审阅居委会述职报告。", "述职报告补充经费使用情况后提交评议会。"),
        ("社区民警工作监督合议会", "合议社区民警评议安排。", "评议代表应覆盖全部楼组。"),
        ("物业服务监督合议会", "合议物业服务评议内容。", "建议增加“公共收益公开”评议项。"),
    ],
}

# What the pre-meetings' participants say (the 三会 carry their own, with their topics).
SPEECH_LINES = [
    ("建议", "希望居委会多听取楼组的意见。"),
    ("陈述", "介绍本楼组居民的主要诉求。"),
    ("建议", "建议把这件事提交到下一次会议讨论决定。"),
]

# Roles that are at the meeting because the meeting is about them or run by them: never
# marked absent by the demo (a hearing's plan is presented, a mediator mediates).
ALWAYS_PRESENT = ("陈述人", "调解员", "单位代表", "社区民警", "评议对象")

VISITOR = "陈立群"
COMMITTEE_MEMBERS = ("陈立群", "周敏", "沈佳怡", "王海燕", "李志刚")  # the demo committee's members


PUBLICITY_DAYS = 7  # DOMAIN §3.7: a 公示 of 7 days, counted with both ends


def publicity_until(start: dt.date) -> dt.date:
    """The last day of a 公示 that starts on `start`: 11月22日 → 11月28日 is 7 days."""
    return start + dt.timedelta(days=PUBLICITY_DAYS - 1)


def _years(value: Any, year: int) -> Any:
    """`value` (strings, lists, tuples, dicts of them) with {Y} the meeting's year and {Y1}
    the next, so the demo's years follow its clock."""
    if isinstance(value, str):
        return value.replace("{Y1}", str(year + 1)).replace("{Y}", str(year))
    if isinstance(value, tuple):
        return tuple(_years(v, year) for v in value)
    if isinstance(value, list):
        return [_years(v, year) for v in value]
    if isinstance(value, dict):
        return {k: _years(v, year) for k, v in value.items()}
    return value


def _homes_in(value: Any, homes: list[tuple[int, str, str]], named_building: bool) -> Any:
    """`value` with {bld} the parties' building ("5号楼"), {a} and {b} their rooms ("602室")."""
    words = {"{bld}": homes[0][1] + "楼" if named_building else "", "{a}": homes[0][2] + "室",
             "{b}": homes[-1][2] + "室"}
    if isinstance(value, str):
        for k, v in words.items():
            value = value.replace(k, v)
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_homes_in(v, homes, named_building) for v in value)
    return value


def _offset_for(index: int, n_steps: int, closed: bool) -> int:
    """Days from today to the meeting date so the state looks plausible."""
    if closed:
        return -60 - index
    meeting_step = max(1, n_steps // 2)
    return 14 - 6 * index if index < meeting_step else -4 - 6 * (index - meeting_step)


class Builder:
    def __init__(self, ctx: Context, rng: random.Random, today: dt.date) -> None:
        self.ctx, self.rng, self.today = ctx, rng, today
        c = ctx.store.conn
        self.reps_group = c.execute("SELECT id FROM groups WHERE kind = '居民代表' ORDER BY id").fetchone()[0]
        self.building_groups = [(r[0], r[1]) for r in c.execute(
            "SELECT id, name FROM groups WHERE kind = '楼组' ORDER BY id")]
        self.units = P.pickable_units(ctx.store)

    def d(self, days: int) -> str:
        return (self.today + dt.timedelta(days=days)).isoformat()

    def unit(self, name: str) -> dict[str, Any]:
        for u in self.units:
            if u["name"] == name:
                return u
        return self.units[0]

    def residents_in(self, group_name: str, n: int) -> list[int]:
        rows = self.ctx.store.conn.execute(
            "SELECT r.id FROM residents r JOIN groups g ON g.id = r.building_group_id WHERE g.name = ?"
            " AND r.status = '在册' AND r.birth_date <= ? ORDER BY r.id",
            [group_name, self.d(-365 * 25)]).fetchall()
        ids = [r[0] for r in rows]
        return self.rng.sample(ids, min(n, len(ids)))

    def building_facts(self, building: str) -> str:
        """"3号楼共10层45户。" from the roster, so the hearing's numbers are the roster's."""
        c = self.ctx.store.conn
        floors, households = c.execute(
            "SELECT max(CAST(substr(room, 1, length(room) - 2) AS INTEGER)), count(DISTINCT household_id)"
            " FROM residents WHERE building = ? AND status = '在册'", [building]).fetchone()
        if not households:
            return ""
        agree = households * 3 // 5
        return (f"{building}楼共{floors}层{households}户，老年居民较多。经楼组征询，"
                f"已有{agree}户同意加装电梯。")

    def party_homes(self, building: str, how: str) -> list[tuple[int, str, str]]:
        """Two adults from different households, as (resident id, building, room): "vertical",
        one directly above the other in `building`; "same", both in it; "any", anywhere (the
        first in `building` when given); "unit", one adult in `building`."""
        c = self.ctx.store.conn
        rows = c.execute(
            "SELECT r.id, r.building, r.room, r.household_id FROM residents r WHERE r.status = '在册'"
            " AND r.birth_date <= ? AND r.relation = '户主' ORDER BY r.id", [self.d(-365 * 25)]).fetchall()
        here = [r for r in rows if r[1] == building]
        if how == "vertical":
            rooms = {r[2]: r for r in here}
            pairs = [(r, rooms[str(int(r[2]) - 100)]) for r in here
                     if int(r[2]) > 200 and str(int(r[2]) - 100) in rooms]
            if pairs:
                up, down = self.rng.choice(pairs)
                return [(up[0], up[1], up[2]), (down[0], down[1], down[2])]
        first = self.rng.choice(here or rows)
        others = [r for r in (here if how == "same" and len(here) > 1 else rows) if r[3] != first[3]]
        second = self.rng.choice(others)
        if how == "unit":  # one resident; the other party is a unit
            return [(first[0], first[1], first[2])]
        return [(first[0], first[1], first[2]), (second[0], second[1], second[2])]

    def advance(self, sid: int, reasons: dict[str, str]) -> None:
        try:
            S.advance(self.ctx, sid)
        except UserError:
            res, _ = S.evaluate(self.ctx.store, sid)
            rec = S.get(self.ctx.store, sid)
            for c in res:
                if c.step == rec.state and c.status == "fail":
                    S.override(self.ctx, sid, c.rule,
                               reasons.get(c.rule, "情况紧急，经居委会讨论决定按期召开"))
            S.advance(self.ctx, sid)

    def present(self, sid: int, role: str) -> list[Any]:
        return [p for p in P.list_participants(self.ctx.store, sid)
                if p.role == role and p.attendance == "出席"]

    def speeches(self, sid: int, lines: list[tuple[str, str, str]], speakers: dict[str, list[Any]]) -> None:
        """Record `lines` (who, stance, content), each spoken by one of `speakers[who]` (people
        present in the part `who` names); several lines for one part take turns among its
        people, so a hearing hears different representatives."""
        turns: dict[str, int] = {}
        for who, stance, content in lines:
            pool = speakers.get(who) or []
            if not pool:
                continue
            n = turns.get(who, 0)
            turns[who] = n + 1
            p = pool[(n * 3) % len(pool)] if len(pool) > 3 else pool[n % len(pool)]
            S.add_speech(self.ctx, sid, p.name, content, stance, p.id)

    def signin(self, sid: int, absent_share: float = 0.1) -> None:
        for p in P.list_participants(self.ctx.store, sid):
            r = self.rng.random()
            if p.role in ALWAYS_PRESENT:
                P.set_attendance(self.ctx, p.id, "出席")
            elif r < absent_share / 2:
                P.set_attendance(self.ctx, p.id, "请假", self.rng.choice(["身体不适", "外出", "家中有事"]))
            elif r < absent_share:
                P.set_attendance(self.ctx, p.id, "缺席")
            else:
                P.set_attendance(self.ctx, p.id, "出席")

    # -- kinds ------------------------------------------------------------------------------
    def walk(self, kind: str, title: str, target: int, fillers: list[Callable[[int], None]],
             reasons: dict[str, str], date: str, prepares: int | None = None) -> int:
        sid = S.create(self.ctx, kind, title, date=date, prepares_session_id=prepares).data["id"]
        n = len(definition(kind).steps)
        for i in range(min(target, n)):
            fillers[i](sid)
            self.advance(sid, reasons)
        return sid

    def hearing(self, target: int, spec: tuple) -> int:
        closed = target >= len(definition("hearing").steps)
        date = self.d(-12 if target == 4 else _offset_for(target, 7, closed))  # 4: 纪要 overdue
        meet = dt.date.fromisoformat(date)
        title, source, count, background, groups, unit_name, said = _years(spec, meet.year)
        background = background.replace("{bg}", self.building_facts("3号"))
        small = target == 5  # too few representatives: a warning the ledger shows
        rng = self.rng

        def topic(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"topic_source": source, "request_count": count,
                                         "background": background, "affected_groups": groups})
            checks = {c.rule: c.status for c in S.evaluate(self.ctx.store, sid)[0]}
            if checks.get("hearing_request") == "warn":  # fewer than 1/5 of the whole area
                S.override(self.ctx, sid, "hearing_request",
                           "事项只涉及" + "、".join(groups) + "，提议的居民已占涉及住户的多数，"
                           "经居委会讨论决定召开听证会")

        def notice(sid: int) -> None:
            posted = meet - dt.timedelta(days=rng.choice([10, 12, 14, 15, 8]))
            S.set_fields(self.ctx, sid, {"start_time": "14:00", "place": "沁园居委会二楼会议室",
                                         "notice_posted_on": posted.isoformat(),
                                         "notice_place": "居务公开栏、各楼道公告栏",
                                         "register_until": (meet - dt.timedelta(days=3)).isoformat()})

        def reps(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"chair": "陈立群", "recorder": "沈佳怡"})
            if not small:
                P.add_group(self.ctx, sid, self.reps_group, "听证代表")
            for g in groups[:3]:
                P.add_residents(self.ctx, sid, self.residents_in(g, 3 if len(groups) > 2 else 6), "听证代表")
            u = self.unit(unit_name)
            P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"] if u["contacts"] else None, "陈述人")
            for g in groups[:1]:
                P.add_residents(self.ctx, sid, self.residents_in(g, 2), "旁听人")

        def hearing(sid: int) -> None:
            self.signin(sid)
            S.set_fields(self.ctx, sid,
                         {"end_time": "16:10", "chk_rules_stated": True, "chk_plan_presented": True,
                          "chk_questions": True, "chk_closing": rng.random() < 0.8})
            self.speeches(sid, said["speeches"][: rng.randint(4, 7)],
                          {"陈述人": self.present(sid, "陈述人"), "代表": self.present(sid, "听证代表")})
            if rng.random() < 0.6:
                present = sum(1 for p in P.list_participants(self.ctx.store, sid)
                              if p.attendance == "出席" and p.role == "听证代表")
                yes = rng.randint(present // 2 - 2, present)
                S.add_vote(self.ctx, sid, "同意按此方案实施", present, max(yes, 0),
                           max(0, present - yes - 2), min(2, present - yes), "举手")

        def minutes(sid: int) -> None:
            S.set_fields(self.ctx, sid, {
                "minutes_on": (meet + dt.timedelta(days=rng.choice([2, 4, 6]))).isoformat(),
                "opinions": said["opinions"], "disagreements": said["disagreements"],
                "recommendations": said["recommendations"],
                "signed": True,
                "refused_to_sign": "" if rng.random() < 0.8 else "1名代表因不同意方案拒绝签字"})

        def decision(sid: int) -> None:
            # the hearing gathered opinions; the body that decides is named (加装电梯: the
            # building's owners, 《民法典》第二百七十八条; wider matters: the 居民代表会议)
            body = "居民代表会议" if len(groups) > 2 else ("本幢业主" if "电梯" in title else "居委会会议")
            S.set_fields(self.ctx, sid, {"decided_by": body,
                                         "decided_on": min(meet + dt.timedelta(days=10),
                                                           self.today).isoformat(),
                                         "decision": said["decision"]})

        def publicity(sid: int) -> None:
            # closed: posted two weeks after the meeting; at this step: on the board now, for
            # two more days (首页 shows a 公示 ending soon)
            start = meet + dt.timedelta(days=14) if closed else self.today - dt.timedelta(days=4)
            objections = rng.choice([0, 0, 1, 2]) if closed else 0
            S.set_fields(self.ctx, sid, {
                "result": said["result"],
                "publicity_from": start.isoformat(),
                "publicity_until": publicity_until(start).isoformat(),
                "feedback": f"公示期内收到居民意见{objections}条，均已答复。" if objections else "",
                "objections": objections,
                "objection_received_on": (start + dt.timedelta(days=2)).isoformat() if objections else None,
                "objection_answered_on": (start + dt.timedelta(days=4)).isoformat() if objections else None})

        fillers: list[Callable[[int], None]] = [topic, notice, reps, hearing, minutes, decision, publicity]
        sid = self.walk("hearing", title, target, fillers,
                        {"hearing_notice": "居民要求尽快召开，经居委会会议决定提前召开",
                         "minutes_deadline": "纪要需等待陈述单位书面补充材料，延后完成",
                         "building_coverage": "该楼组代表临时外出，已电话听取意见"}, date)
        if target == len(fillers) - 1:  # at 结果公示: the result is on the board now
            publicity(sid)
        return sid

    def coordination(self, target: int, spec: tuple) -> int:
        title, category, facts, term, responsible, (building, how), said = spec
        n = len(definition("coordination").steps)
        closed = target >= n
        date = self.d(_offset_for(target, n, closed))
        meet = dt.date.fromisoformat(date)
        rng = self.rng
        overdue_variant = target == n - 1  # stuck in 回访 with an overdue item
        homes = self.party_homes(building, how)
        title, facts, term, responsible, lines = _homes_in(
            (title, facts, term, responsible, said), homes, bool(building))

        def intake(sid: int) -> None:
            S.set_fields(self.ctx, sid,
                         {"category": category, "application": rng.choice(["当事人申请", "居委会决定"]),
                          "received_by": "周敏", "facts": facts,
                          "received_on": (meet - dt.timedelta(days=16)).isoformat()})
            for rid, _b, _room in homes:  # 甲 then 乙, in this order on every document
                P.add_residents(self.ctx, sid, [rid], "当事人")
            if how == "unit":
                u = self.unit("上海沁园物业管理有限公司")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][-1]["id"], "当事人")

        def investigation(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"investigated_on": (meet - dt.timedelta(days=12)).isoformat(),
                                         "investigation": "分别上门走访双方当事人，查看现场并拍照；"
                                                          "听取楼组长和邻居的意见。"})

        def notice(sid: int) -> None:
            notified = meet - dt.timedelta(days=rng.choice([7, 8, 10, 3]))
            S.set_fields(self.ctx, sid, {"start_time": "18:30", "place": "沁园居委会调解室",
                                         "notified_on": notified.isoformat(),
                                         "notice_method": "书面"})

        def meeting(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"chair": "周敏", "recorder": "沈佳怡", "end_time": "20:00"})
            P.add_name(self.ctx, sid, "周敏", "调解员")
            if category == "停车":  # the company that allocates the spaces
                u = self.unit("上海沁园物业管理有限公司")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"], "单位代表")
            if rng.random() < 0.5:
                u = self.unit("长风新村派出所")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"], "社区民警")
            self.signin(sid, 0.0)
            parties = self.present(sid, "当事人")
            self.speeches(sid, lines, {"甲": parties[:1], "乙": parties[1:2],
                                       "调解员": self.present(sid, "调解员")})

        def outcome(sid: int) -> None:
            result = "达成协议" if closed or overdue_variant or rng.random() < 0.8 else "部分达成"
            S.set_fields(self.ctx, sid, {"outcome": result, "terms": term + "；双方互相谅解，不再争执。",
                                         "referral": "人民调解委员会" if result == "部分达成" else None,
                                         "parties_signed": True})
            due1 = meet + dt.timedelta(days=7 if not overdue_variant else 5)
            F.add(self.ctx, sid, term, responsible, due1.isoformat())
            F.add(self.ctx, sid, "居委会在一个月内回访，确认履行情况", "周敏",
                  (meet + dt.timedelta(days=30)).isoformat())

        def revisit(sid: int) -> None:
            for f in F.for_session(self.ctx.store, sid):
                if f.deadline is None:  # the demo gives every item one
                    continue
                F.add_visit(self.ctx, f.id, min(self.today, dt.date.fromisoformat(f.deadline)).isoformat(),
                            VISITOR, "已履行，双方表示满意，未发生新的矛盾。")
                F.update(self.ctx, f.id, status="已完成", done_on=f.deadline)
            S.set_fields(self.ctx, sid, {"revisit_summary": "各项协议条款均已履行，双方关系缓和。"})

        sid = self.walk("coordination", title, target,
                        [intake, investigation, notice, meeting, outcome, revisit],
                        {"coordination_notice": "矛盾有激化趋势，经当事人同意提前召开",
                         "followups_on_time": "个别条款延后几天履行，已回访确认"}, date)
        if overdue_variant:
            for f in F.for_session(self.ctx.store, sid)[:1]:
                F.update(self.ctx, f.id, status="进行中")
                F.add_visit(self.ctx, f.id, (meet + dt.timedelta(days=3)).isoformat(), VISITOR,
                            "尚未履行，当事人表示会尽快处理。")
        return sid

    def evaluation(self, target: int, spec: tuple) -> int:
        title, object_type, object_name, reporter, period_kind = spec
        n = len(definition("evaluation").steps)
        closed = target >= n
        date = self.d(_offset_for(target, n, closed))
        meet = dt.date.fromisoformat(date)
        rng = self.rng
        year, part, period = evaluation_period(period_kind, meet)
        title = title.replace("{Y}", str(year)).replace("{part}", part)
        opinions, promises = EVALUATION_CONTENT[object_type]

        def prepare(sid: int) -> None:
            by_assembly = object_type in ("居委会", "居委会成员")
            if object_type == "居委会成员":  # each member one row of the form, the tally and the 公示
                S.set_field(self.ctx, sid, "members", "\n".join(COMMITTEE_MEMBERS))
            S.set_fields(self.ctx, sid, {"object_type": object_type, "object_name": object_name,
                                         "period": period,
                                         "scale": "称职度" if object_type == "居委会成员" else "满意度",
                                         "by_assembly": by_assembly, "start_time": "09:30",
                                         "place": "沁园居委会二楼会议室",
                                         "notified_on": (meet - dt.timedelta(days=7)).isoformat()})
            if by_assembly:
                S.set_field(self.ctx, sid, "representatives_due", 30)

        def evaluators(sid: int) -> None:
            # nobody chairs their own evaluation: the Party secretary does when the committee or
            # its director is evaluated
            chair = "黄建国" if object_type in ("居委会", "居委会成员") else "陈立群"
            S.set_fields(self.ctx, sid, {"chair": chair, "recorder": "沈佳怡"})
            P.add_group(self.ctx, sid, self.reps_group, "评议代表")
            P.add_name(self.ctx, sid, reporter, "评议对象")

        def report(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"reporter": reporter, "reviewed": object_type == "居委会",
                                         "report": f"汇报{period}的主要工作、取得的成效、"
                                                   "存在的不足和下一步打算。"})

        def scoring(sid: int) -> None:
            self.signin(sid, 0.12)
            grid = S.score_grid(self.ctx.store, sid)
            opts = options(grid.scale)
            weights = [5, 3, 1, 1][: len(opts)] if grid.scale != "五分制" else [3, 4, 2, 1, 0]
            k = sum(1 for p in P.list_participants(self.ctx.store, sid)
                    if p.role == "评议代表" and p.attendance == "出席")
            void = 1 if k > 10 else 0
            valid = k - void
            S.set_fields(self.ctx, sid, {"forms_issued": k, "forms_returned": k, "forms_valid": valid,
                                         "forms_void": void})
            for i, c in enumerate(grid.criteria):
                # anonymous forms: only the number of forms per option is kept. Evaluating the
                # members, a few forms leave the last member blank (未评).
                answered = valid - (2 if grid.per_member and i == len(grid.criteria) - 1 else 0)
                picks = rng.choices(opts, weights, k=max(answered, 0))
                S.set_counts(self.ctx, sid, c["id"], {o: picks.count(o) for o in opts if picks.count(o)})

        def feedback(sid: int) -> None:
            # the result itself is in the counts; the summary is what the residents said
            fb = meet + dt.timedelta(days=rng.choice([3, 5, 8]))
            S.set_fields(self.ctx, sid, {"feedback_on": fb.isoformat(),
                                         "result_summary": f"{opinions}。"})

        def commitments(sid: int) -> None:
            fb = dt.date.fromisoformat(S.get(self.ctx.store, sid).data["feedback_on"])
            S.set_fields(self.ctx, sid, {"plan_on": min(fb + dt.timedelta(days=10), self.today).isoformat(),
                                         "plan_signed_by": reporter})
            first = 10 if target == n - 1 else 30  # stuck in 跟踪落实: one commitment overdue
            F.add(self.ctx, sid, promises[0], object_name, (meet + dt.timedelta(days=first)).isoformat())
            F.add(self.ctx, sid, promises[1], object_name, (meet + dt.timedelta(days=45)).isoformat())

        def publicity(sid: int) -> None:
            # three weeks after the meeting, or yesterday for the one at this step (on the board)
            start = min(meet + dt.timedelta(days=20), self.today - dt.timedelta(days=1))
            S.set_fields(self.ctx, sid, {"publicity_from": start.isoformat(),
                                         "publicity_until": publicity_until(start).isoformat()})

        def followup(sid: int) -> None:
            for f in F.for_session(self.ctx.store, sid):
                if f.deadline is None:  # the demo gives every item one
                    continue
                F.add_visit(self.ctx, f.id, f.deadline, VISITOR, "已按承诺落实。")
                F.update(self.ctx, f.id, status="已完成", done_on=f.deadline)
            S.set_fields(self.ctx, sid, {"followup_summary": "各项整改承诺已落实，居民反映良好。"})

        fillers: list[Callable[[int], None]] = [prepare, evaluators, report, scoring, feedback, commitments,
                                                 publicity, followup]
        sid = self.walk("evaluation", title, target, fillers,
                        {"building_coverage": "第八楼组代表因病请假，会前已书面征求意见",
                         "evaluation_attendance": "部分代表外出，经居民代表会议同意继续评议",
                         "followups_on_time": "整改涉及采购，延期完成已向居民说明"}, date)
        if target == fillers.index(publicity):  # at 结果公示: the result is on the board now
            publicity(sid)
        return sid

    def pre(self, kind: str, target: int, spec: tuple, prepares: int | None) -> int:
        title, purpose, outcome = spec
        closed = target >= 3
        date = self.d(-90 - target if closed else 10 - 12 * target)
        month = dt.date.fromisoformat(date).month
        title = title.replace("{season}", f"第{'一二三四'[(month - 1) // 3]}季度")
        rng = self.rng

        def prepare(sid: int) -> None:
            S.set_fields(self.ctx, sid,
                         {"purpose": purpose, "start_time": "14:00", "place": "沁园居委会二楼会议室",
                          "chair": "黄建国" if kind == "topic_consultation" else "陈立群",
                          "recorder": "沈佳怡"})

        def meeting(sid: int) -> None:
            P.add_group(self.ctx, sid, self.reps_group)
            for gid, _name in rng.sample(self.building_groups, 3):
                members = P.group_members(self.ctx.store, gid)[:1]
                P.add_residents(self.ctx, sid, members, "楼组长" if kind != "democratic_talk" else "列席")
            self.signin(sid, 0.15)
            people = [p for p in P.list_participants(self.ctx.store, sid) if p.attendance == "出席"]
            self.speeches(sid, [("", stance, content) for stance, content in SPEECH_LINES], {"": people})
            S.set_field(self.ctx, sid, "end_time", "16:00")

        def result(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"outcome": outcome, "next_step": "提交下一次会议。"})
            if kind == "supervision_review":
                S.set_field(self.ctx, sid, "suggested_criteria", "服务态度\n公共收益公开\n投诉处理")

        return self.walk(kind, title, target, [prepare, meeting, result], {}, date, prepares)


def populate(tx: Tx, rng: random.Random, today: dt.date) -> None:
    ctx = Context(tx.ctx.store, "demo")
    b = Builder(ctx, rng, today)
    firsts: dict[str, int] = {}
    for kind, specs, build in (("hearing", HEARINGS, b.hearing),
                               ("coordination", COORDINATIONS, b.coordination),
                               ("evaluation", EVALUATIONS, b.evaluation)):
        n = len(definition(kind).steps)
        for target in range(n + 1):
            sid = build(target, specs[target % len(specs)])
            if target == n:
                firsts[kind] = sid
    pairs = {"topic_consultation": "hearing", "democratic_talk": "coordination",
             "supervision_review": "evaluation"}
    for kind, pre_specs in PRE.items():
        for target in range(4):
            b.pre(kind, target, pre_specs[target], firsts.get(pairs[kind]) if target == 3 else None)
    _spread_times(tx, today)


def _spread_times(tx: Tx, today: dt.date) -> None:
    """The builder ran in a second; give each session the history a real one has: a step done
    every few days, the last one a few days ago for work in progress (one in seven left
    standing for three weeks, so 首页 has stuck sessions to show), nothing in the future."""
    rows = tx.db.execute("SELECT id, date, state FROM sessions ORDER BY id").fetchall()
    for sid, date, state in rows:
        day = dt.date.fromisoformat(date) if date else today
        if state == "closed":
            anchor = min(day + dt.timedelta(days=10), today)
        else:
            anchor = today - dt.timedelta(days=21 if sid % 7 == 0 else sid % 6)
        steps = tx.db.execute("SELECT id FROM session_steps WHERE session_id = ? AND"
                              " status = '已完成' ORDER BY id", [sid]).fetchall()
        n = len(steps)
        created = anchor - dt.timedelta(days=4 * n + 3)
        tx.db.execute("UPDATE sessions SET created_at = ? WHERE id = ?",
                      [f"{created.isoformat()}T09:00:00", sid])
        for i, (step_id,) in enumerate(steps, 1):
            done = anchor - dt.timedelta(days=4 * (n - i))
            tx.db.execute("UPDATE session_steps SET completed_at = ? WHERE id = ?",
                          [f"{done.isoformat()}T16:00:00", step_id])
