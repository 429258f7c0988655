/**
 * Preparing pasted text for the parser without moving a single character: the cleaned text has
 * the input's length and line structure, so every offset the parser reports is an offset into
 * what the user pasted, and the evidence shown is the original wording.
 *
 * - traditional characters (mirror sites serve plans in 繁體) → simplified, one for one;
 * - page furniture of government and download sites (索引号, 发布日期, 浏览次数, 【字体：大 中 小】,
 *   打印本页, 关闭窗口, 上传人, 第1页 / 共5页 …) → spaces;
 * - pinyin glosses some mirrors put after characters, 系統(tǒng) → spaces;
 * - HTML line breaks left in copied text (<br>) → a line break and spaces.
 */

// One traditional character → its simplified form (same UTF-16 length: all are BMP characters).
const TRAD =
  '語諧揚' +
  '實驟時間階報從為爲關於動員組織總結檢點導進項專務責單負牽頭會處設學園車災隱電氣網絡穩維驗險藥築據規劃應護衛門達蓋齊備個與' +
  '萬輛發週內後開啟啓參協調線綫術樓嚴強傳種類範環邊構體級區縣鄉鎮廳書號條辦長記錄紀審計財統資產産場廠們讓訊議認識論職權監測' +
  '轉運輸營業賬臺確狀況態舉證獎懲罰顯優際無對這還來過說將經當義問題聯繫係習歷曆決衝聽視覺親觀歡樂愛熱燈煙燒爐煉濟滿溫淨凈準' +
  '凍創勢勞勵圍圖團壞壓夠奪婦寧寶尋屆屬帶幫廣廢彙匯徑復複徵慣憑戰戶掃換揮損搶擁擔擴數斷東極標樣橋機檔歲歸殘滅潔濕溼獨獲現畫' +
  '異療盡盤眾衆礎禍禮稅競筆節簡糧紅約納紙細終給絕綜綠緊編緩練縱績繼續聞聲肅腦臨興舊藝莊華葉補裝製見覽觸訂討訓訪評試該詳誤誰' +
  '課談請講謝讀變貨貴費質購賽趕跡踐軍輔較載輕輪轄辭農遠遞遲選遺鄰醫釋針鋪錢錯鍵鎖鐵閉閒閱陣陰陳陸陽隊隨雙雜離難雲靜響頁順須' +
  '預領頻額顧風飛飯飲養館馬駕驅驚鬥魚鳥鹽黃黨齡龍擊擬擠攜擺搖敵暢暫樹橫櫃沒涼滾漲潛灣牆犧獻畢盜碼磚礙稱簽籌糾縮繞繩羅聖膠臉' +
  '蘇虛虧裡裏襲訴診詢誠譯貸賠賴躍軌輯適銀銷鋼鍋鏈鏡鐘鑑鑒閃闊雖頒願飄餘駐騙麗崗僅價儲兒兩冊剛劑勁勝勸卻厲叢國圓塊塵壇壯夾奮' +
  '娛嬰寢層島師帳幣幹庫廁廈廚彎徹惡慘慮慶憂懶戲擇擋攤敗敘棄棟楊榮槍樞樸欄減湧滯潰濾灘燦爛狹獵瓊睜矯穎窪籠紋紹綱緝繳纜聳脈脫' +
  '膽臟艙蓮蕩蝦蠅蠟詐誕諒謎謠謹貞販貪貫貼貿賊賜賦賺贊贏趙蹤輝輿轟迴邁郵釀銅銳鋒錦鑄鑰閘閥陝隕霧頓顏顛颱飢飼餅餓饋駁駛騰鬍魯' +
  '鮮鳳鳴鶴鷹麵黴齒擾撥傷瀆暈氫彈倉倫偽偵側傑債傾僑億儀儘兇剝劇劉勳匱嘗噴嚐執堅墊壩奧嬌孫寬寫屢幟廬彌恥悅惱愷憲懇懸搆搗摟摯' +
  '撐撲撿攔攝斂昇曉楓樁櫥歐毀氾洩渦溝漁滬濃濤濫瀏灑烏煩爭猶獄瑣甦畝疊瘋癒皺祕禦穀窩竄筍籃紡絞綁緒締罵膚艦蘭蝕褲覓誇謊讚貓賀' +
  '賄贈軸輩辯遜鄭醬鈔鍛閣隸韓頗顆飽騎驢髒鬱鴨誌闖燭盞碩禪粵紗紳絨綻縛羨翹腎臘莖葦蔔薑蘆螞襪訝詭誦諾謙譴貶賃賤贓軀軋軒轎辮醞' +
  '鈍鉗鉛銘鋤鏟鏽鐮閏閩閻隴雛韌韻頌頑頸頹顫颳餵饒駭鯨鴉鴻鵝鹼齣闆鬆髮';
const SIMP =
  '语谐扬' +
  '实骤时间阶报从为为关于动员组织总结检点导进项专务责单负牵头会处设学园车灾隐电气网络稳维验险药筑据规划应护卫门达盖齐备个与' +
  '万辆发周内后开启启参协调线线术楼严强传种类范环边构体级区县乡镇厅书号条办长记录纪审计财统资产产场厂们让讯议认识论职权监测' +
  '转运输营业账台确状况态举证奖惩罚显优际无对这还来过说将经当义问题联系系习历历决冲听视觉亲观欢乐爱热灯烟烧炉炼济满温净净准' +
  '冻创势劳励围图团坏压够夺妇宁宝寻届属带帮广废汇汇径复复征惯凭战户扫换挥损抢拥担扩数断东极标样桥机档岁归残灭洁湿湿独获现画' +
  '异疗尽盘众众础祸礼税竞笔节简粮红约纳纸细终给绝综绿紧编缓练纵绩继续闻声肃脑临兴旧艺庄华叶补装制见览触订讨训访评试该详误谁' +
  '课谈请讲谢读变货贵费质购赛赶迹践军辅较载轻轮辖辞农远递迟选遗邻医释针铺钱错键锁铁闭闲阅阵阴陈陆阳队随双杂离难云静响页顺须' +
  '预领频额顾风飞饭饮养馆马驾驱惊斗鱼鸟盐黄党龄龙击拟挤携摆摇敌畅暂树横柜没凉滚涨潜湾墙牺献毕盗码砖碍称签筹纠缩绕绳罗圣胶脸' +
  '苏虚亏里里袭诉诊询诚译贷赔赖跃轨辑适银销钢锅链镜钟鉴鉴闪阔虽颁愿飘余驻骗丽岗仅价储儿两册刚剂劲胜劝却厉丛国圆块尘坛壮夹奋' +
  '娱婴寝层岛师帐币干库厕厦厨弯彻恶惨虑庆忧懒戏择挡摊败叙弃栋杨荣枪枢朴栏减涌滞溃滤滩灿烂狭猎琼睁矫颖洼笼纹绍纲缉缴缆耸脉脱' +
  '胆脏舱莲荡虾蝇蜡诈诞谅谜谣谨贞贩贪贯贴贸贼赐赋赚赞赢赵踪辉舆轰回迈邮酿铜锐锋锦铸钥闸阀陕陨雾顿颜颠台饥饲饼饿馈驳驶腾胡鲁' +
  '鲜凤鸣鹤鹰面霉齿扰拨伤渎晕氢弹仓伦伪侦侧杰债倾侨亿仪尽凶剥剧刘勋匮尝喷尝执坚垫坝奥娇孙宽写屡帜庐弥耻悦恼恺宪恳悬构捣搂挚' +
  '撑扑捡拦摄敛升晓枫桩橱欧毁泛泄涡沟渔沪浓涛滥浏洒乌烦争犹狱琐苏亩叠疯愈皱秘御谷窝窜笋篮纺绞绑绪缔骂肤舰兰蚀裤觅夸谎赞猫贺' +
  '贿赠轴辈辩逊郑酱钞锻阁隶韩颇颗饱骑驴脏郁鸭志闯烛盏硕禅粤纱绅绒绽缚羡翘肾腊茎苇卜姜芦蚂袜讶诡诵诺谦谴贬赁贱赃躯轧轩轿辫酝' +
  '钝钳铅铭锄铲锈镰闰闽阎陇雏韧韵颂顽颈颓颤刮喂饶骇鲸鸦鸿鹅碱出板松发';

const T2S = new Map<string, string>();
for (let i = 0; i < TRAD.length; i++) T2S.set(TRAD[i] ?? '', SIMP[i] ?? '');

export function toSimplified(s: string): string {
  return s.replace(/[\u3400-\u9fff]/g, (c) => T2S.get(c) ?? c);
}

/**
 * A furniture line: a site label (index numbers, dates of publication, view counts, download
 * banners, page counters, navigation). Never a line that states a 文号, and never 时间 on its own
 * (「时间：2020年6月1日—6月30日」 is the plan's own).
 */
const RE_FURNITURE_LINE =
  /^(?:[|｜•·]\s*)?(?:索\s*引\s*号|信息分类|主题分类|体裁分类|服务对象分类|生命周期分类|发布机构|发文机关|信息来源|信息名称|内容概述|关\s*键\s*词|信息格式|公开方式|公开范围|公开日期|发布日期|生成日期|发布时间|更新时间|内容发布更新时间|浏览(?:次数|量)|点击(?:数|量|率)|阅读(?:次数|量)?[:：]|阅读模式|字体|【\s*字体|字号|打印本页|【\s*打印|关闭窗口|【\s*关闭|分享(?:到|赚钱)?|收藏(?:$|\s)|下载(?:本文|文档|本文档|积分)?|快捷下载|会员登录下载|微信登录下载|三方登录下载|微信扫一扫|上传人|上传时间|资源(?:ID|大小|格式|得分|描述)|全文页数|文档(?:编号|简介)|版权(?:说明|声明|所有)|当前位置|您的位置|您当前的位置|首\s*页|返回(?:首页|顶部)?|扫一扫|主办(?:单位)?[:：]|承办|政府网站标识码|网站标识码|网站(?:地图|客服)|ICP|[京沪粤苏浙蜀川]ICP|备案号|责任编辑|编辑[:：]|上一(?:篇|条)|下一(?:篇|条)|相关(?:文章|推荐|文档)|热门推荐|最新文章|精彩评论|友情提示|温馨提示|举报$|侵权投诉|已阅读|全文预览已结束|亲,该文档|朗读$|发表于|作者[:：]|简介[:：]|导语[:：]|来源[:：]|【(?:发布日期|来源|阅读|作者)|第\s*\d+\s*页\s*[/／]\s*共|页数[:：]|大小[:：]|格式[:：]|ID[:：]|时间[:：]\s*\d{4}-\d{1,2}-\d{1,2}|\[?日期[:：]\s*\d{4}-\d{1,2}-\d{1,2}|更新时间|[－—\-–]\s*[0-9]{1,3}\s*[－—\-–]$|第\s*[0-9]{1,3}\s*页(?:\s*[/／,，]?\s*共\s*[0-9]{1,3}\s*页)?$|政\s*策$|政府信息公开$|公示公告$|分享$)/;

const RE_DOCNO_HERE = /〔\s*[0-9０-９]{4}\s*〕|\[\s*[0-9]{4}\s*\]\s*[0-9]+\s*号/;

/** Furniture inside a line: 【字体：大 中 小】, [打印本页], download-site banners glued to the text. */
const RE_FURNITURE_SPAN =
  /【?\s*字体\s*[:：]?\s*[\[【(（]?\s*大\s*中\s*小\s*[\]】)）]?\s*】?|[【\[]\s*(?:打印本页|打印|关闭窗口|关闭|收藏(?:$|\s)|返回顶部|我要纠错|加入收藏)\s*[】\]]|下载后可任意编辑|精选优质文档-倾情为你奉上|扫一扫在手机打开当前页|&nbsp;/g;

/** A pinyin gloss after a character on some mirror sites: 系統(tǒng), 發(fā)展. */
const RE_PINYIN_GLOSS = /[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}[)）]/g;

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** The text the parser reads: same length and lines as `src`, furniture blanked, simplified. */
export function prepareText(src: string): string {
  let s = toSimplified(src);
  s = s.replace(/<br\s*\/?>/gi, (m) => `\n${' '.repeat(m.length - 1)}`);
  s = s.replace(RE_PINYIN_GLOSS, blank).replace(RE_FURNITURE_SPAN, blank);
  return s
    .split('\n')
    .map((line) => {
      const t = line.trim();
      if (!t || RE_DOCNO_HERE.test(t)) return line;
      return RE_FURNITURE_LINE.test(t) && t.length <= 80 ? blank(line) : line;
    })
    .join('\n');
}
