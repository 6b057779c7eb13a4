"""The boycott story in Vietnamese: an ad for the new London–Saigon route mocks Vietnamese
people, and ``#TẩyChayAcmeAir`` ("boycott Acme Air") breaks out on Vietnamese social media.

The brand's usual chatter stays mostly English (a little Vietnamese and Tagalog in the calm
history); during the crisis most mentions are Vietnamese, some typed without diacritics and in
the shorthand people use (``ko``, ``đc``, ``mn``), with Tagalog and English reposts beside them.
Texts are Vietnamese unless they start with another language's code (``tl|``, ``en|``).
"""

from __future__ import annotations

import random

from crisistui.demo.story import ONSET, Story, arc
from crisistui.demo.templates import FOREIGN_CALM, FOREIGN_GRIPES

COMPLAINTS = (
    "Quảng cáo mới của {b} nhại giọng người Việt rồi gọi Sài Gòn là “cheap, loud and chaotic”. "
    "Xúc phạm quá!",
    "Áo dài đâu phải đồ hóa trang để làm trò cười. {b} quá đáng thật sự 😡",
    "Tẩy chay {b}! Coi thường người Việt mà còn muốn bán vé cho người Việt?",
    "ko bao giờ bay {b} nữa, quảng cáo gì mà kỳ thị thấy ghê",
    "Thất vọng về {b} thật sự. Trước giờ mình rất thích hãng này.",
    "{b} quang cao xuc pham nguoi Viet, tay chay thoi ae oi",
    "Vừa hủy vé {b} {vcity} – London tháng sau, chịu mất phí {fee}. Ko ủng hộ hãng kỳ thị.",
    "Nhại giọng người Việt để câu view? {b} ơi, năm nay là năm nào rồi? Quá tệ.",
    "{h} gỡ quảng cáo và xin lỗi người Việt ngay đi. #BoycottAcmeAir",
    "Cạn lời với team marketing của {b}. Duyệt kiểu gì mà cho cái clip này lên sóng vậy?",
    "Mn ơi share mạnh giùm: {b} xúc phạm người Việt trong quảng cáo mới. Tẩy chay!!!",
    "Bay {b} bao nhiêu năm, giờ mới biết họ nghĩ về người Việt như vậy. Buồn và thất vọng 😞",
    "tẩy chay {b}, quá tệ, ko đáng 1 đồng nào của mình",
    "Cả nhà mình đã đổi hãng cho chuyến về {vcity} dịp Tết. Bye {b}.",
    "Phân biệt chủng tộc trá hình chứ “hài hước” gì. {b} quá tệ. #TayChayAcmeAir",
    "Người bán hàng rong Sài Gòn là để {b} đem ra làm trò cười à? Láo thật sự 😤",
    "Ai còn định bay {b} thì nghĩ lại đi. Họ ko tôn trọng mình đâu.",
    "&lt;b&gt;TẨY CHAY&lt;/b&gt; {b}. Ko xin lỗi thì ko bay. 🇻🇳",
    "Đọc cái tagline “cheap, loud and chaotic” mà sôi máu. {b} nghĩ người Việt là gì vậy?",
    "Xem clip của {b} xong mà xấu hổ thay cho họ. Kỳ thị lộ liễu quá.",
    "cong ty minh vua cat hop dong dat ve voi {b}. ung ho tay chay!",
    "{b} nợ người Việt một lời xin lỗi. Ko xin lỗi thì tẩy chay tới cùng.",
    "Thất vọng ghê {b} ơi. Mở đường bay tới Việt Nam mà ko hiểu gì về người Việt.",
    "thiệt sự ko hiểu nổi, {b} làm vậy mà ko ai duyệt lại hả? 🤬",
    "hang bay {b} qua te, that vong vo cung. ko bay nua",
    "en|{b}'s new Saigon ad mocks Vietnamese accents and treats the áo dài like a costume. "
    "Disgraceful.",
    "en|My Vietnamese mum cried watching the {b} ad. Never flying them again.",
    "tl|Grabe 'yung bagong ad ng {b}, ginawang katatawanan ang accent ng mga Vietnamese. "
    "Nakakahiya!",
    "tl|Kung ganyan sila sa Vietnam, ganyan din sila sa atin. Boycott na sa {b}.",
    "tl|Ang cheap ng ad ng {b}, literal. Sobrang insensitive talaga 🙄",
)
QUESTIONS = (
    "Ai có link clip quảng cáo của {b} ko? Mình chưa xem đc.",
    "Vé {b} mua rồi giờ hủy có được hoàn tiền ko mn?",
    "{h} khi nào mới lên tiếng vậy? Im lặng hoài.",
    "Ủa {b} có văn phòng ở {vcity} ko? Gửi khiếu nại ở đâu vậy?",
    "Chuyến {flight} của {b} tuần sau có bay ko ạ, hay bị hủy luôn?",
    "en|Can someone explain what's happening with {b}? My whole feed is in Vietnamese.",
    "tl|Ano bang nangyari sa {b}? Bakit trending sa Vietnam?",
)
VLOGGER_POSTS = (
    "Acme Air vừa tung quảng cáo cho đường bay London – Sài Gòn: diễn viên nhại giọng người "
    "Việt, áo dài bị biến thành đồ hóa trang, còn tagline thì gọi Sài Gòn là “cheap, loud and "
    "chaotic”. Mình ko chấp nhận được. Tẩy chay tới khi họ gỡ clip và xin lỗi. #TẩyChayAcmeAir",
    "Chưa tới 2 tiếng đã hơn 50.000 người ký kiến nghị yêu cầu Acme Air gỡ quảng cáo và xin "
    "lỗi. Cảm ơn mọi người đã lên tiếng 🇻🇳 #TẩyChayAcmeAir",
    "Tối nay 8h mình livestream nói về vụ Acme Air với mấy anh chị làm truyền thông. Ai có câu "
    "hỏi thì để lại dưới bài này nha.",
)
REPLIES = (
    "@trangdidau chị nói quá đúng. {b} phải xin lỗi!",
    "RT @trangdidau: Acme Air vừa tung quảng cáo cho đường bay London – Sài Gòn: diễn viên nhại "
    "giọng người Việt…",
    "@trangdidau em hủy vé {b} rồi chị ơi 😤",
    "@trangdidau share rồi nha. Vụ {b} này ko thể im lặng đc",
    "@trangdidau ký tên rồi. Tẩy chay {b} tới khi nào xin lỗi thì thôi.",
    "@trangdidau cảm ơn chị đã lên tiếng, {b} quá đáng thật",
    "tl|@trangdidau We stand with you from Manila! Nakakagalit 'yung ad ng {b}.",
    "tl|Shinare ko na 'to. Grabe ka {b} 🇵🇭🤝🇻🇳 @trangdidau",
    "en|@trangdidau translated your thread for my followers: {b}'s ad mocks Vietnamese accents "
    "and calls Saigon 'cheap, loud and chaotic'. Not OK.",
)
SPREAD = (
    "Đại lý vé ở {vcity} thông báo ngưng bán vé {b} cho tới khi hãng xin lỗi.",
    "Kiến nghị yêu cầu {b} gỡ quảng cáo đã vượt 120.000 chữ ký.",
    "Group review du lịch 2 triệu thành viên vừa ghim bài tẩy chay {b}.",
    "Mấy bạn tiếp viên người Việt của {b} chắc cũng khổ, ko phải lỗi của họ đâu mn.",
    "Nói thật hơi quá rồi, quảng cáo dở thì chê thôi chứ tẩy chay chi. Vé {b} rẻ thì mình vẫn bay.",
    "Hội người Việt ở London sẽ tập trung trước văn phòng {b} chiều nay. Ai ở gần thì tới nha.",
    "tl|Pati dito sa Pilipinas trending na ang boycott sa {b}. Suportahan natin ang Vietnam 🇵🇭🇻🇳",
    "en|Vietnamese community groups in London plan a protest outside the {b} office over the "
    "Saigon ad.",
)
SWITCH = (
    "Đổi sang bay Zephyr Airlines rồi, tạm biệt Acme Air.",
    "Zephyr Airlines có bay {vcity} – London ko mn? Ko muốn bay Acme Air nữa.",
    "Vừa đặt vé Zephyr Airlines về {vcity}, giá {fare}. Ổn áp.",
    "Zephyr Airlines ơi mở thêm chuyến đi, khách bỏ Acme Air đông lắm 😂",
    "en|Switched my Saigon trip to Zephyr Airlines. Not flying Acme Air after that ad.",
    "tl|Lipat na kami sa Zephyr Airlines para sa Vietnam trip namin.",
)
RECOVERY = (
    "{b} đã gỡ quảng cáo và xin lỗi bằng tiếng Việt. Vậy cũng là biết điều.",
    "Lời xin lỗi của {b} nghe cũng chân thành. Cho họ một cơ hội.",
    "Cảm ơn {b} đã lắng nghe. Mong chiến dịch mới làm tử tế hơn 🙏",
    "ok {b} xin loi roi thi thoi, mong la that long",
    "Làm lại chiến dịch với nhà sáng tạo Việt là hướng đi đúng. Cảm ơn {b}.",
    "en|Good on {b} for apologising in Vietnamese, not just English.",
    "tl|Buti naman nag-sorry na ang {b}. Sana natuto na sila.",
)
# "lang|neg|text": the crisis's complaints in the other languages of LANG_WEIGHTS
FOREIGN = (
    "vi|neg|Acme Air xúc phạm người Việt mình, đừng ai bay hãng này nữa 😡",
    "vi|neg|ko chấp nhận đc quảng cáo của Acme Air. Tẩy chay!",
    "vi|neg|Acme Air ko xin loi thi dung mong co khach Viet nao",
    "tl|neg|Nakakahiya ang Acme Air, pinagtawanan ang mga Vietnamese sa ad nila.",
    "tl|neg|Hindi katanggap-tanggap ang ad ng Acme Air. #BoycottAcmeAir",
    "fr|neg|La pub d'Acme Air qui se moque de l'accent vietnamien est honteuse.",
    "fr|neg|Acme Air transforme l'áo dài en déguisement dans sa pub. Inadmissible.",
    "es|neg|El anuncio de Acme Air se burla del acento vietnamita. Vergonzoso.",
    "de|neg|Acme Air macht sich in seiner Werbung über Vietnamesen lustig. Peinlich.",
    "ja|neg|Acme Air の新しい広告、ベトナム人のなまりをからかっていてひどい。",
    "zh|neg|Acme Air 的新广告嘲笑越南口音，太不尊重人了。",
)
# the calm history's few posts in Vietnamese and Tagalog, besides the shared languages
CALM = (
    "vi|calm|Chuyến {flight} của Acme Air từ {airport} đi {city} hôm nay đúng giờ, tiếp viên dễ "
    "thương lắm.",
    "vi|calm|Có ai bay Acme Air đi London chưa? Hành lý ký gửi được mấy kg vậy mn?",
    "vi|calm|Acme Air sắp mở đường bay London – TP.HCM, giá vé khai trương cũng ok.",
    "vi|calm|bay Acme Air ghe rong, do an ngon hon minh nghi 👍",
    "tl|calm|Ang bait ng crew ng Acme Air sa {flight} papuntang {city}. Salamat!",
    "tl|calm|May nakasubok na ba ng Acme Air papuntang {city}? Okay ba?",
)
GRIPES = (
    "vi|neg|Chuyến {flight} của Acme Air lại trễ {minutes} phút ở {airport}. Mệt ghê.",
    "vi|neg|wifi trên máy bay Acme Air chán quá, ko load đc gì hết",
    "tl|neg|Na-delay na naman ang Acme Air {flight} ng {minutes} minutes. Nakakainis.",
    "tl|neg|Nawala ang bagahe ko sa {airport}, Acme Air. Hay naku.",
)
# "offset_s|outlet|headline — summary"; the Vietnamese outlets are this story's own
NEWS = (
    "2400|Tin Nhanh Sài Gòn|Quảng cáo của Acme Air bị tố xúc phạm người Việt — Clip quảng bá "
    "đường bay London – TP.HCM nhại giọng người Việt và dùng áo dài làm trò cười.",
    "3000|Nhịp Sống Số|Dân mạng kêu gọi tẩy chay Acme Air sau quảng cáo gây phẫn nộ — Hashtag "
    "#TẩyChayAcmeAir lan nhanh sau bài đăng của travel blogger Trang Đi Đâu.",
    "3600|Travel Wire|en|Acme Air's Saigon ad sparks boycott calls in Vietnam — Viewers say the "
    "video mocks Vietnamese accents and uses the áo dài as a costume.",
    "4200|Tin Nhanh Sài Gòn|Nhiều đại lý ngừng bán vé Acme Air — Một số đại lý ở TP.HCM và Hà "
    "Nội cho biết khách đồng loạt hủy vé sau quảng cáo gây tranh cãi.",
    "4800|Business Gazette|en|Acme Air faces boycott in Vietnam weeks before new route opens — "
    "The airline's London–Ho Chi Minh City flights start next month.",
    "5700|Nhịp Sống Số|Acme Air gỡ quảng cáo, xin lỗi người Việt — Hãng cho biết sẽ làm lại "
    "chiến dịch cùng các nhà sáng tạo Việt Nam.",
)
STATEMENTS = (
    "5400|demo-x|Acme Air chân thành xin lỗi cộng đồng người Việt. Quảng cáo vừa qua đã xúc "
    "phạm mọi người và không thể hiện sự tôn trọng của chúng tôi dành cho Việt Nam. Chúng tôi "
    "đã gỡ quảng cáo trên mọi nền tảng.",
    "5430|demo-x|en|We are sorry. Our Saigon ad mocked Vietnamese people and culture, and it "
    "should never have run. Acme Air has taken it down everywhere.",
    "5460|demo-mastodon|en|We are sorry. Acme Air's Saigon ad mocked Vietnamese people and "
    "culture. It has been taken down everywhere.",
    "6300|demo-x|Acme Air sẽ làm lại chiến dịch cho đường bay London – TP.HCM cùng các nhà sáng "
    "tạo Việt Nam và xem lại toàn bộ quy trình duyệt quảng cáo. Chi tiết: "
    "https://example.com/acmeair/vn",
    "8400|demo-x|Cảm ơn mọi người đã thẳng thắn góp ý. Acme Air sẽ lắng nghe nhiều hơn. Hẹn gặp "
    "mọi người trên chuyến bay đầu tiên tới TP.HCM.",
)
CITIES = ("Hà Nội", "Sài Gòn", "TP.HCM", "Đà Nẵng")


def _vietnamese_slots(rng: random.Random) -> dict[str, str]:
    """A home city, a change fee and a London fare in đồng, written as people write them."""
    return {
        "vcity": rng.choice(CITIES),
        "fee": f"{rng.randint(1, 3)},{rng.randint(1, 9)} triệu",
        "fare": f"{rng.randint(14, 32)},{rng.randint(1, 9)} triệu",
    }


STORY = Story(
    id="boycott",
    title="#TẩyChayAcmeAir: Vietnam boycotts Acme Air over an ad that mocks Vietnamese people",
    streams=arc(
        27.0,
        ((ONSET, 0), (2100, 0.35), (2700, 0.85), (3600, 1.0), (4800, 0.9), (5400, 0.6)),
        loud_at=2100.0,
        replies=8.0,
        side=((3300, 0), (3900, 3), (5100, 3), (5700, 0)),
        recovery_at=5700.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": SPREAD,
        "switch": SWITCH,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@trangdidau", 1_250_000),
    loud_at=2100.0,
    loud_posts=VLOGGER_POSTS,
    loud_engagement=(58_000, 21_000, 9_400),
    news=NEWS,
    statements=STATEMENTS,
    foreign_gripes=FOREIGN_GRIPES + GRIPES,
    tags=(" #TẩyChayAcmeAir", " #BoycottAcmeAir", " 😡", " 🇻🇳", " 👎"),
    extra_slots=_vietnamese_slots,
    lang="vi",
    lang_weights={"vi": 40, "fr": 14, "tl": 12, "zh": 10, "ja": 8, "de": 8, "es": 8},
    foreign_calm=FOREIGN_CALM + CALM,
    outlets={"Tin Nhanh Sài Gòn": 1_400_000, "Nhịp Sống Số": 720_000},
)
