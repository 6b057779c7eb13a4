"""Crises that break out in other languages, written as text and scored by the real pipeline.

The main suite (``bench.timelines``) hands the engine labels the generator chose. Here nothing
is labelled: every mention is a text in some language, built from the small template pools
below (calm chatter: praise, questions, mild gripes, news; storms: complaints, boycott calls,
scam and outage accusations), and ``Pipeline.process`` identifies its language and scores its
sentiment as it would live. A Vietnamese storm the Vietnamese analyser cannot read, or Tagalog
taken for another language, shows up as a missed crisis, not as a label we wrote.

Scenarios: for each of vi, tl, ru, fa, zh and es a brand whose chatter is mostly in that
language hit by a sudden 6–10× negative surge in that language; an English-speaking brand hit
by a Vietnamese storm; a brand chatting in English, Spanish and Tagalog hit by a Russian storm;
and a calm week of each of those brands with its ordinary bumps (a launch, news bursts, gripes
clusters) for false alarms. What the engine sees is whatever the pipeline makes of the texts.

The surge is 6–10× the usual negatives as the engine counts them, as in the main suite: the
gripes expected in the two hours before the onset, times the mentions the pipeline labelled
negative per gripe written so far (it labels some questions and news negative too, so its
usual is above the written one; a storm against the written gripes would be a smaller
multiple of what the engine sees).

Everything is drawn from ``random.Random`` seeded with strings built from the timeline's name,
so a timeline is the same on every run. Texts differ by names, places, numbers, amounts and
emoji, so they are not copies (identical ones still occur, as copy-pasted boycott calls do).
Every item goes through ``Pipeline.process``; none of its answers is cached.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from bench.timelines import (
    DAY_SHAPE,
    MONDAY,
    NEGATIVE_SHARE,
    POSITIVE_SHARE,
    QUESTION_SHARE,
    WEEKEND_FACTOR,
    Event,
    Timeline,
    _place,
    _plateau,
    poisson,
)
from crisistui.config import Config, parse_config
from crisistui.domain.models import Mention, RawItem, Sentiment
from crisistui.pipeline import Pipeline

BRAND = "Acme Air"
TERMS = ("acme air", "acmeair")
LANGUAGES = ("vi", "tl", "ru", "fa", "zh", "es")
"""The storm languages the issue asks about."""
CRISIS_DAYS = 2.5
"""As in the main suite: a warm-up day, the onset on the second day (08:00–20:00), a tail."""
NEWS_SHARE = 0.25
"""Share of calm neutral chatter that is news (the rest are questions)."""

Intent = str
"""What a text was written to say: praise, question, gripe, news, rival (a rival's outage in
the news), launch, storm, storm_question. The pipeline never sees it; the report compares its
labels with it."""
INTENTS: tuple[Intent, ...] = (
    "praise",
    "question",
    "gripe",
    "news",
    "rival",
    "launch",
    "storm",
    "storm_question",
)
STORM_INTENTS = frozenset({"storm", "storm_question"})


@dataclass(frozen=True)
class Voice:
    """One language's template pools and slot values. ``{b}`` is the brand, ``{n}`` a number,
    ``{hours}`` a few hours, ``{flight}`` a flight number; the other slots are per language."""

    praise: tuple[str, ...]
    question: tuple[str, ...]
    gripe: tuple[str, ...]
    news: tuple[str, ...]
    rival: tuple[str, ...]
    """News of a rival's outage, with outage words: told in news bursts only."""
    launch: tuple[str, ...]
    storm: tuple[str, ...] = ()
    storm_question: tuple[str, ...] = ()
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)


# fmt: off
VOICES: dict[str, Voice] = {
    "en": Voice(
        praise=(
            "Great flight on {b} to {city} today, friendly crew and an early arrival",
            "{b} upgraded me for free on my birthday. Love this airline!",
            "Smooth check-in with the {b} app this morning, took {n} seconds. Nice",
            "Shoutout to {name} at the {b} desk in {city}, super helpful. Thank you!",
            "Got my refund from {b} in {n} days, impressed",
            "Landed {n} minutes early in {city}. Well done {b}",
        ),
        question=(
            "Flying {b} to {city} tomorrow, any tips?",
            "Does {b} allow two carry-ons on domestic flights?",
            "Which terminal does {b} use in {city}?",
            "How long does a {b} refund usually take?",
            "Anyone else on {b} {flight} next week?",
            "{b} or the train to {city}? Trying to decide",
        ),
        gripe=(
            "{b} delayed {n} minutes again. Annoying",
            "Why is {b} coffee always so bad?",
            "{amount} for a checked bag on {b}? Ridiculous fees",
            "The {b} wifi is useless as always",
            "Middle seat on {b} again, {hours} hours of misery",
            "Check-in queue for {b} in {city} is crawling. Not impressed",
        ),
        news=(
            "{b} adds a new route to {city} from {month}",
            "{b} orders {n} new aircraft",
            "{b} changes the schedule of some {city} flights from next week",
        ),
        rival=(
            "Globex Air systems down this morning; {b} says it is not affected",
            "Globex Air outage: stranded passengers rebook on {b} and others",
        ),
        launch=(
            "The new {b} app is fantastic, booking took a minute!",
            "Loving the new {b} lounge in {city}",
            "Wow, the new {b} seats are so comfortable",
        ),
        slots={
            "name": ("Maria", "Tom", "Priya", "Sam", "Grace", "Dan"),
            "city": ("Chicago", "Dublin", "Lisbon", "Boston", "Denver", "Toronto"),
            "amount": ("$60", "$85", "$120", "$75"),
            "month": ("March", "April", "June", "September"),
        },
    ),
    "vi": Voice(
        praise=(
            "Chuyến bay của {b} đi {city} hôm nay đúng giờ, tiếp viên thân thiện lắm",
            "Cảm ơn {b} đã hỗ trợ mình đổi vé nhanh gọn. Dịch vụ tốt!",
            "Lần đầu bay {b}, ghế rộng, đồ ăn ngon, chắc chắn sẽ quay lại",
            "Chị {name} ở quầy {b} sân bay {city} nhiệt tình quá, cảm ơn chị nhiều!",
            "Hạ cánh sớm {n} phút, {b} làm tốt lắm",
            "Check-in online {b} có {n} giây là xong, tiện ghê",
        ),
        question=(
            "Mọi người ơi, bay {b} được mang bao nhiêu kg hành lý xách tay vậy?",
            "{b} có đường bay thẳng {city} đi Singapore ko mn?",
            "Cho mình hỏi {b} hoàn vé mất bao lâu ạ?",
            "Ai bay {b} chuyến {flight} tuần sau ko, đi chung nè",
            "Vé {b} đi {city} dịp Tết giá tầm bao nhiêu vậy mọi người?",
            "{b} ở sân bay {city} làm thủ tục ở nhà ga nào vậy ạ?",
        ),
        gripe=(
            "{b} lại delay {n} phút ở {city}, hơi mệt",
            "Đồ ăn trên {b} dạo này chán quá",
            "Wifi trên máy bay {b} chậm rì, bực ghê",
            "Phí hành lý của {b} đắt quá, {amount} cho một vali",
            "Xếp hàng check-in {b} ở {city} lâu quá trời",
            "Ghế {b} chật, ngồi {hours} tiếng mỏi hết cả lưng",
        ),
        news=(
            "{b} công bố mở thêm đường bay {city} – Tokyo từ tháng {month}",
            "{b} báo lãi quý này, số khách tăng {n}%",
            "Tin nhanh: {b} đặt mua thêm {n} máy bay mới",
            "{b} thay đổi giờ bay một số chuyến đi {city} từ tuần sau",
        ),
        rival=(
            "Hệ thống của Globex Air gặp sự cố sáng nay, {b} cho biết không bị ảnh hưởng",
            "Globex Air sập hệ thống, nhiều khách chuyển sang bay {b}",
        ),
        launch=(
            "App mới của {b} xịn thật, đặt vé có một phút",
            "Phòng chờ mới của {b} ở {city} đẹp quá",
            "Ghế mới trên máy bay {b} êm ghê, thích thật",
        ),
        storm=(
            "App {b} sập từ sáng, ko check-in được, cả trăm người kẹt ở sân bay {city}",
            "{b} lừa đảo! Trừ tiền {amount} mà ko xuất vé, gọi tổng đài ko ai nghe",
            "Tẩy chay {b}! Hủy chuyến ko báo trước, bỏ khách ngủ ở sân bay {city}",
            "Hệ thống {b} lỗi toàn bộ, {n} chuyến bị hoãn, ko một lời xin lỗi. Quá tệ!",
            "Ai bị {b} trừ tiền 2 lần giống mình ko? Lừa đảo trắng trợn",
            "Ko bao giờ bay {b} nữa. Dịch vụ tệ hại, nhân viên thái độ",
            "{b} sập web, sập app, tổng đài cũng ko gọi được. Kinh khủng",
            "Mn ơi đừng mua vé {b}, mất tiền mà ko có vé đâu. Tẩy chay!!!",
            "khong bao gio bay {b} nua, lua dao, that vong qua",
            "{b} hủy chuyến {flight} phút chót, ko hoàn tiền, ko khách sạn. Phẫn nộ thật sự",
        ),
        storm_question=(
            "App {b} bị sập hả mn? Mình ko đăng nhập được",
            "Có ai biết chuyến {flight} của {b} hôm nay có bay ko?",
            "{b} trừ tiền mà ko có vé thì khiếu nại ở đâu vậy mn?",
        ),
        slots={
            "name": ("Lan", "Hương", "Thảo", "Mai", "Ngọc", "Trang"),
            "city": ("Hà Nội", "Đà Nẵng", "Sài Gòn", "Phú Quốc", "Nha Trang", "Huế"),
            "amount": ("350k", "500k", "1tr2", "2 triệu"),
            "month": ("3", "4", "6", "9"),
        },
    ),
    "tl": Voice(
        praise=(
            "Ang bait ng crew ng {b} sa flight papuntang {city}, salamat po!",
            "On time ang {b} kanina, sobrang smooth ng biyahe",
            "Salamat {b} sa mabilis na refund, {n} araw lang",
            "Ang ganda ng bagong eroplano ng {b}, ang linis at komportable",
            "Si {name} sa check-in counter ng {b} sa {city}, napakabait. Thank you po!",
            "Maaga kaming lumapag sa {city}, galing ng {b}",
        ),
        question=(
            "Magkano po ang baggage allowance sa {b} papuntang {city}?",
            "May direct flight ba ang {b} mula Manila papuntang {city}?",
            "Paano po mag-rebook sa app ng {b}?",
            "Sino po naka-book sa {b} flight {flight} sa susunod na linggo?",
            "Anong terminal po ang {b} sa NAIA?",
            "Gaano po katagal ang refund ng {b}?",
        ),
        gripe=(
            "Na-delay na naman ng {n} minuto ang {b}, nakakainis",
            "Ang mahal ng baggage fee ng {b}, {amount} para sa isang maleta",
            "Ang sikip ng upuan sa {b}, {hours} oras na nakaupo, sakit ng likod",
            "Ang bagal ng pila sa check-in ng {b} sa {city}",
            "Ang pangit ng pagkain sa {b} ngayon",
            "Wala na namang wifi sa {b}, boring ng biyahe",
        ),
        news=(
            "{b} magbubukas ng bagong ruta Manila–{city} simula {month}",
            "{b} nag-anunsyo ng seat sale ngayong weekend",
            "Balita: {b} bibili ng {n} bagong eroplano",
            "{b} magpapalit ng schedule ng ilang flight papuntang {city}",
        ),
        rival=(
            "Nagka-aberya ang sistema ng Globex Air kaninang umaga, "
            "ayon sa {b} hindi sila apektado",
            "Down ang sistema ng Globex Air, maraming pasahero ang lumipat sa {b}",
        ),
        launch=(
            "Ang ganda ng bagong app ng {b}, isang minuto lang mag-book!",
            "Bagong lounge ng {b} sa {city}, sobrang ganda",
            "Ang komportable ng bagong upuan ng {b}",
        ),
        storm=(
            "SCAM ang {b}! Nakaltasan ako ng {amount} pero walang ticket. "
            "Walang sumasagot sa hotline",
            "Down na naman ang app ng {b}, daan-daang pasahero stranded sa {city}. Grabe!",
            "Boycott {b}! Kinansela ang flight nang walang abiso, walang refund",
            "Huwag na kayong mag-book sa {b}, manloloko sila. Nakakagalit!",
            "Sira ang buong sistema ng {b}, {n} flights delayed, wala man lang sorry",
            "Hindi na ako sasakay ulit sa {b}. Ang bastos ng staff, ang pangit ng serbisyo",
            "Dalawang beses akong siningil ng {b}! Panloloko 'to",
            "Grabe kayo {b}, iniwan niyo kami sa airport ng {city} buong gabi. Walang hiya",
            "Kinansela ng {b} ang flight {flight} sa huling minuto, walang hotel, walang refund. "
            "Nakakagigil",
        ),
        storm_question=(
            "Down ba ang app ng {b}? Hindi ako maka-login",
            "Tuloy pa ba ang flight {flight} ng {b} ngayon?",
            "Saan po pwedeng magreklamo sa {b} para sa refund?",
        ),
        slots={
            "name": ("Ate Joy", "Kuya Mark", "Mae", "Jomar", "Ate Liza", "Rhea"),
            "city": ("Cebu", "Davao", "Iloilo", "Bacolod", "Puerto Princesa", "Tacloban"),
            "amount": ("₱1,500", "₱2,200", "₱3,000", "₱950"),
            "month": ("Marso", "Abril", "Hunyo", "Setyembre"),
        },
    ),
    "ru": Voice(
        praise=(
            "Слетал с {b} в {city}, всё чётко: вылет вовремя, экипаж вежливый",
            "Спасибо {b} за быстрый возврат денег, всего {n} дней",
            "В {b} отличное питание на борту, приятно удивили",
            "Стюардесса {name} на рейсе {flight} {b} просто супер, спасибо!",
            "Регистрация в приложении {b} за пару минут, удобно",
            "Приземлились на {n} минут раньше, молодцы {b}",
        ),
        question=(
            "Подскажите, сколько кг ручной клади можно провезти в {b}?",
            "Кто-нибудь летал {b} в {city}? Как впечатления?",
            "Как поменять дату вылета в приложении {b}?",
            "{b} летает из Москвы в {city} напрямую?",
            "Сколько обычно ждать возврат от {b}?",
            "Кто летит {b} рейсом {flight} на следующей неделе?",
        ),
        gripe=(
            "{b} опять задержали рейс на {n} минут, немного раздражает",
            "Еда в {b} так себе, если честно",
            "Багаж в {b} дорогой, {amount} за чемодан",
            "Очередь на регистрацию {b} в {city_in} огромная, стоим уже час",
            "Кресла в {b} тесные, {hours} часа мучений",
            "Вайфай в {b} опять не работает, скучно",
        ),
        news=(
            "{b} открывает новый рейс Москва — {city} с {month}",
            "{b} объявила о распродаже билетов на выходных",
            "{b} получит {n} новых самолётов до конца года",
            "{b} меняет расписание части рейсов в {city}",
        ),
        rival=(
            "У Globex Air утром был сбой систем, в {b} говорят, что их он не затронул",
            "Сбой у Globex Air: пассажиры пересаживаются на рейсы {b}",
        ),
        launch=(
            "Новое приложение {b} огонь, купил билет за минуту!",
            "Новый бизнес-зал {b} в {city_in} очень красивый",
            "Новые кресла в {b} реально удобные",
        ),
        storm=(
            "{b} — мошенники! Списали {amount}, а билета нет. На горячей линии никто не отвечает",
            "Приложение {b} лежит с утра, сотни людей застряли в {city_in}. Это позор!",
            "Бойкот {b}! Отменили рейс без предупреждения и не возвращают деньги",
            "Никогда больше не полечу {b}. Ужасный сервис, хамский персонал",
            "У {b} упала вся система, {n} рейсов задержано, ни одного извинения",
            "Не покупайте билеты {b}, это развод! Деньги списывают дважды",
            "{b} бросили нас ночевать в аэропорту, мы в {city_in} уже {hours} часов. Отвратительно",
            "Сайт {b} не работает, приложение не работает, дозвониться невозможно. Кошмар",
            "{b} отменили рейс {flight} в последний момент, ни гостиницы, ни возврата. Бесит!",
        ),
        storm_question=(
            "У {b} сбой? Не могу войти в приложение",
            "Рейс {flight} {b} сегодня вообще полетит?",
            "Куда жаловаться на {b}, если списали деньги без билета?",
        ),
        slots={
            "name": ("Анна", "Ольга", "Мария", "Екатерина", "Наталья", "Ирина"),
            "city": ("Сочи", "Казань", "Новосибирск", "Екатеринбург", "Калининград"),
            "city_in": ("Сочи", "Казани", "Новосибирске", "Екатеринбурге", "Калининграде"),
            "amount": ("4 500 ₽", "7 000 ₽", "12 000 ₽", "3 200 ₽"),
            "month": ("марта", "апреля", "июня", "сентября"),
        },
    ),
    "fa": Voice(
        praise=(
            "پرواز {b} به {city} امروز دقیقاً سر وقت بود، مهماندارها خیلی مهربون بودن",
            "ممنون {b} بابت برگشت سریع پول، فقط {n} روز طول کشید",
            "غذای {b} واقعاً خوشمزه بود، عالی",
            "خانم {name} در کانتر {b} فرودگاه {city} خیلی کمکم کرد، مرسی!",
            "{n} دقیقه زودتر نشستیم، دمت گرم {b}",
            "چک‌این آنلاین {b} خیلی راحت بود، دو دقیقه‌ای تموم شد",
        ),
        question=(
            "کسی می‌دونه بار مجاز {b} برای {city} چند کیلوئه؟",
            "{b} پرواز مستقیم تهران به {city} داره؟",
            "چطوری تو اپ {b} تاریخ پرواز رو عوض کنم؟",
            "استرداد بلیت {b} چقدر طول می‌کشه؟",
            "کسی هفته بعد با پرواز {flight} {b} میره؟",
            "{b} تو فرودگاه {city} از کدوم ترمینال پرواز داره؟",
        ),
        gripe=(
            "{b} باز هم {n} دقیقه تاخیر داشت، یکم اعصاب‌خردکن بود",
            "صندلی‌های {b} خیلی تنگه، {hours} ساعت نشستم کمرم درد گرفت",
            "هزینه بار اضافه {b} گرونه، {amount} برای یه چمدون",
            "صف چک‌این {b} تو فرودگاه {city} خیلی طولانی بود",
            "غذای {b} این دفعه اصلاً خوب نبود",
            "وای‌فای {b} باز کار نمی‌کرد، حوصله‌م سر رفت",
        ),
        news=(
            "{b} از {month} پرواز جدید تهران به {city} راه‌اندازی می‌کند",
            "{b} خرید {n} هواپیمای جدید را اعلام کرد",
            "{b} برنامه برخی پروازهای {city} را از هفته آینده تغییر می‌دهد",
            "{b} فروش ویژه بلیت آخر هفته را اعلام کرد",
        ),
        rival=(
            "سامانه‌های Globex Air صبح امروز دچار اختلال شد؛ {b} می‌گوید آسیبی ندیده است",
            "اختلال در سامانه Globex Air؛ مسافران به پروازهای {b} منتقل شدند",
        ),
        launch=(
            "اپلیکیشن جدید {b} عالیه، یه دقیقه‌ای بلیت گرفتم!",
            "سالن انتظار جدید {b} تو فرودگاه {city} خیلی قشنگه",
            "صندلی‌های جدید {b} خیلی راحتن",
        ),
        storm=(
            "{b} کلاهبرداره! {amount} از حسابم کم شد ولی بلیتی صادر نشد. هیچکس جواب نمیده",
            "اپ {b} از صبح قطعه، صدها مسافر تو فرودگاه {city} سرگردونن. افتضاحه!",
            "{b} رو تحریم کنید! پرواز رو بدون اطلاع کنسل کردن و پول رو پس نمیدن",
            "دیگه هیچوقت با {b} پرواز نمی‌کنم. خدمات افتضاح، برخورد زشت",
            "سیستم {b} کلاً از کار افتاده، {n} پرواز تاخیر دارن، حتی یه عذرخواهی هم نکردن",
            "از {b} بلیت نخرید، پولتون رو دوبار کم می‌کنن. دزدی آشکاره",
            "{b} ما رو تمام شب تو فرودگاه {city} ول کرد. شرم‌آوره",
            "سایت {b} کار نمی‌کنه، اپ کار نمی‌کنه، تلفن هم جواب نمیدن. فاجعه‌ست",
            "{b} پرواز {flight} رو دقیقه آخر کنسل کرد، نه هتل دادن نه پول رو پس دادن. واقعاً که",
        ),
        storm_question=(
            "اپ {b} قطعه؟ نمی‌تونم وارد بشم",
            "پرواز {flight} {b} امروز انجام میشه؟",
            "برای شکایت از {b} کجا باید رفت؟",
        ),
        slots={
            "name": ("مریم", "سارا", "نگار", "زهرا", "لیلا", "نازنین"),
            "city": ("مشهد", "شیراز", "اصفهان", "تبریز", "کیش", "استانبول"),
            "amount": ("۳ میلیون تومان", "۵ میلیون تومان", "۸۰۰ هزار تومان", "۲ میلیون تومان"),
            "month": ("فروردین", "اردیبهشت", "تیر", "مهر"),
        },
    ),
    "zh": Voice(
        praise=(
            "今天坐{b}飞{city}，准点起飞，空乘特别热情",
            "谢谢{b}，退款{n}天就到账了，效率很高",
            "{b} 的飞机餐居然挺好吃，点赞",
            "{b} 值机柜台的{name}太耐心了，感谢！",
            "提前{n}分钟落地{city}，{b} 给力",
            "{b} 网上值机两分钟搞定，方便",
        ),
        question=(
            "请问{b} 的行李额度是多少公斤？",
            "{b} 有直飞{city}的航班吗？",
            "{b} 的 APP 怎么改签啊？",
            "{b} 退票一般多久到账？",
            "下周有人坐{b} {flight}吗？",
            "{b} 在{city}机场是哪个航站楼？",
        ),
        gripe=(
            "{b} 又晚点{n}分钟，有点烦",
            "{b} 的座位太挤了，坐了{hours}个小时腰酸背痛",
            "{b} 托运行李好贵，一个箱子{amount}",
            "{b} 在{city}机场值机排队排了好久",
            "{b} 的飞机餐越来越难吃了",
            "{b} 机上 wifi 又连不上，无聊",
        ),
        news=(
            "{b} 宣布{month}月起开通上海至{city}新航线",
            "{b} 将新增{n}架飞机",
            "{b} 调整部分飞往{city}的航班时刻",
            "{b} 周末特价机票开售",
        ),
        rival=(
            "Globex Air 今早系统故障，{b} 表示未受影响",
            "Globex Air 系统瘫痪，不少旅客改乘{b}",
        ),
        launch=(
            "{b} 新版 APP 太好用了，一分钟就订好票！",
            "{b} 在{city}的新贵宾室好漂亮",
            "{b} 新座椅真舒服",
        ),
        storm=(
            "{b} 就是骗子！扣了我{amount}却没出票，客服电话根本打不通",
            "{b} APP 从早上崩到现在，几百个乘客困在{city}机场，太离谱了！",
            "抵制{b}！航班说取消就取消，也不退钱",
            "再也不坐{b}了，服务差到极点，态度恶劣",
            "{b} 系统全面瘫痪，{n}个航班延误，连句道歉都没有",
            "大家千万别在{b}买票，重复扣款，纯属诈骗",
            "{b} 把我们扔在{city}机场过夜，太恶心了",
            "{b} 官网打不开，APP 也登不上，客服永远占线，垃圾航司",
            "{b} 临时取消{flight}，不安排酒店也不退款，气死了",
        ),
        storm_question=(
            "{b} APP 是不是崩了？登不上去",
            "{b} 今天的{flight}还飞吗？",
            "被{b}扣款没出票去哪里投诉？",
        ),
        slots={
            "name": ("小姐姐", "王女士", "李先生", "张小姐", "工作人员"),
            "city": ("北京", "成都", "广州", "深圳", "昆明", "西安"),
            "amount": ("300元", "500元", "800元", "1200元"),
            "month": ("3", "4", "6", "9"),
        },
    ),
    "es": Voice(
        praise=(
            "Vuelo con {b} a {city} puntual y la tripulación súper amable",
            "Gracias {b}, me devolvieron el dinero en {n} días",
            "La comida de {b} estaba muy rica, ¡me sorprendió!",
            "{name} del mostrador de {b} en {city} fue un encanto, ¡gracias!",
            "Aterrizamos {n} minutos antes en {city}, bien hecho {b}",
            "Facturar online con {b} me llevó dos minutos, cómodo",
        ),
        question=(
            "¿Cuántos kilos de equipaje de mano deja llevar {b}?",
            "¿{b} tiene vuelo directo a {city}?",
            "¿Cómo cambio la fecha de mi vuelo en la app de {b}?",
            "¿Cuánto tarda {b} en hacer un reembolso?",
            "¿Alguien vuela con {b} en el {flight} la semana que viene?",
            "¿Desde qué terminal sale {b} en {city}?",
        ),
        gripe=(
            "{b} otra vez con {n} minutos de retraso, qué pesados",
            "Los asientos de {b} son muy estrechos, {hours} horas con la espalda hecha polvo",
            "{amount} por una maleta en {b}, carísimo",
            "Cola eterna para facturar con {b} en {city}",
            "La comida de {b} cada vez peor",
            "Otra vez sin wifi en {b}, qué aburrimiento",
        ),
        news=(
            "{b} abrirá una nueva ruta Madrid–{city} a partir de {month}",
            "{b} anuncia la compra de {n} aviones nuevos",
            "{b} cambia el horario de algunos vuelos a {city} desde la semana que viene",
            "{b} lanza ofertas de billetes para este fin de semana",
        ),
        rival=(
            "Caída de sistemas en Globex Air esta mañana; {b} dice que no le afecta",
            "Caída de Globex Air: los pasajeros afectados se pasan a {b}",
        ),
        launch=(
            "La nueva app de {b} es genial, ¡compré el billete en un minuto!",
            "La nueva sala VIP de {b} en {city} es preciosa",
            "Los asientos nuevos de {b} son comodísimos",
        ),
        storm=(
            "¡{b} es una estafa! Me cobraron {amount} y no tengo billete. "
            "Nadie contesta el teléfono",
            "La app de {b} caída desde esta mañana, cientos de pasajeros tirados en {city}. "
            "¡Una vergüenza!",
            "¡Boicot a {b}! Cancelan vuelos sin avisar y no devuelven el dinero",
            "Nunca más vuelo con {b}. Servicio pésimo y personal maleducado",
            "Se cayó todo el sistema de {b}, {n} vuelos retrasados y ni una disculpa",
            "No compren billetes de {b}, les cobran dos veces. Son unos ladrones",
            "{b} nos dejó tirados toda la noche en el aeropuerto de {city}. Indignante",
            "La web de {b} no funciona, la app tampoco y no hay forma de llamar. Un desastre",
            "{b} canceló el {flight} a última hora, sin hotel ni reembolso. Estoy furiosa",
        ),
        storm_question=(
            "¿Se cayó la app de {b}? No puedo entrar",
            "¿Sale hoy el vuelo {flight} de {b}?",
            "¿Dónde reclamo a {b} si me cobraron sin darme el billete?",
        ),
        slots={
            "name": ("Lucía", "Carmen", "Javier", "Marta", "Diego", "Sofía"),
            "city": ("Barcelona", "Sevilla", "Bogotá", "Lima", "México", "Valencia"),
            "amount": ("60 €", "85 €", "120 €", "45 €"),
            "month": ("marzo", "abril", "junio", "septiembre"),
        },
    ),
}
# fmt: on

TAILS: dict[str, tuple[str, ...]] = {
    "praise": ("", "", " ❤️", " 👍", " 😊", " ✈️", " #AcmeAir"),
    "question": ("", "", "", "", " 🙏", " 🤔", "??"),
    "gripe": ("", "", " 😒", " 🙄", " 😩", "..."),
    "news": ("", "", "", " ✈️", " #AcmeAir"),
    "rival": ("", "", "", " #GlobexAir"),
    "launch": ("", " 😍", " 🔥", " 👏", " ✨"),
    "storm": ("", "", " 😡", " 🤬", " 👎", "!!!", " #AcmeAir", " 😤😤"),
    "storm_question": ("", "", " 😕", " 🤔"),
}
"""What people add at the end: emoji, a hashtag, more punctuation."""


@dataclass(frozen=True)
class Scenario:
    """A brand's usual languages and the language its storm breaks out in."""

    key: str
    title: str
    chatter: tuple[tuple[str, float], ...]
    """Languages of the calm chatter, with their shares."""
    storm: str
    rates: tuple[float, float, float]
    """Base rates in mentions per day (daily mean on weekdays): one crisis at each (seeds 0,
    1, 2), one calm week at the lowest and one at the highest (seeds 0, 1)."""


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("vi", "Vietnamese", (("vi", 0.85), ("en", 0.15)), "vi", (400.0, 1000.0, 2500.0)),
    Scenario("tl", "Tagalog", (("tl", 0.8), ("en", 0.2)), "tl", (300.0, 800.0, 2000.0)),
    Scenario("ru", "Russian", (("ru", 0.9), ("en", 0.1)), "ru", (600.0, 1500.0, 3000.0)),
    Scenario("fa", "Persian", (("fa", 0.85), ("en", 0.15)), "fa", (300.0, 700.0, 1500.0)),
    Scenario("zh", "Chinese", (("zh", 0.9), ("en", 0.1)), "zh", (800.0, 2000.0, 4000.0)),
    Scenario("es", "Spanish", (("es", 0.85), ("en", 0.15)), "es", (500.0, 1200.0, 2500.0)),
    Scenario("en>vi", "English chatter", (("en", 1.0),), "vi", (500.0, 1200.0, 2500.0)),
    Scenario(
        "mix>ru",
        "en/es/tl chatter",
        (("en", 0.5), ("es", 0.3), ("tl", 0.2)),
        "ru",
        (600.0, 1500.0, 3000.0),
    ),
)
SCENARIO_BY_KEY = {s.key: s for s in SCENARIOS}
QUICK_RATE = 1000.0
"""The quick suite's one crisis (Vietnamese) in mentions per day: small enough for a unit test."""


@dataclass
class LanguageTimeline(Timeline):
    """A timeline of pipeline-scored mentions, with what each was written as."""

    scenario: str = ""
    storm_lang: str | None = None
    written: dict[str, tuple[str, Intent]] = field(default_factory=dict)
    """External id -> (language it was written in, intent)."""
    unmatched: int = 0
    """Items the pipeline dropped (no brand term found): should stay 0."""
    negative_inflation: float = 1.0
    """Mentions labelled negative per gripe written, before the onset and outside the bumps."""


def config() -> Config:
    """The product config the suite runs with: the brand and its terms, the rival its news
    talks about as a competitor (as a team watching it would have), defaults elsewhere."""
    return parse_config(
        {
            "brand": {"name": BRAND, "terms": list(TERMS)},
            "competitors": [{"name": "Globex Air", "terms": ["globex air", "#globexair"]}],
        }
    )


@cache
def pipeline() -> Pipeline:
    """One pipeline for the whole suite: its analysers are built on first use per language."""
    return Pipeline(config())


def _fill(template: str, lang: str, intent: Intent, rng: random.Random) -> str:
    slots = VOICES[lang].slots
    values = {
        key: rng.choice(options) for key, options in slots.items() if f"{{{key}}}" in template
    }
    if "{n}" in template:
        values["n"] = str(rng.randint(3, 60))
    if "{hours}" in template:
        values["hours"] = str(rng.randint(2, 6))
    if "{flight}" in template:
        values["flight"] = f"AA{rng.randint(100, 999)}"
    return template.format(b=BRAND, **values) + rng.choice(TAILS[intent])


class _Writer:
    """Writes one timeline's items and runs each through the pipeline."""

    def __init__(self, name: str, scenario: Scenario, start_day: int, minutes: int) -> None:
        self.name = name
        self.scenario = scenario
        self.rng = random.Random(name)
        self.text_rng = random.Random(f"{name}/text")
        self.start = MONDAY + timedelta(days=start_day)
        self.minutes = minutes
        self.pipeline = pipeline()
        self.mentions: list[Mention] = []
        self.events: list[Event] = []
        self.written: dict[str, tuple[str, Intent]] = {}
        self.unmatched = 0
        self.day_level = [math.exp(self.rng.gauss(0.0, 0.1)) for _ in range(minutes // 1440 + 1)]
        # The hourly share of gripes wanders as in the main suite (AR(1) in log space).
        log_share = 0.0
        self.hour_share: list[float] = []
        for _ in range(minutes // 60 + 1):
            log_share = 0.8 * log_share + self.rng.gauss(0.0, 0.15)
            self.hour_share.append(min(max(NEGATIVE_SHARE * math.exp(log_share), 0.03), 0.3))
        langs, weights = zip(*scenario.chatter, strict=True)
        self._langs, self._weights = list(langs), list(weights)

    def at(self, minute: int) -> datetime:
        return self.start + timedelta(minutes=minute)

    def base_rate(self, minute: int, per_day: float) -> float:
        moment = self.at(minute)
        weekend = WEEKEND_FACTOR if moment.weekday() >= 5 else 1.0
        level = self.day_level[minute // 1440]
        return per_day / 1440.0 * DAY_SHAPE[moment.hour * 60 + moment.minute] * weekend * level

    def chatter_lang(self) -> str:
        return self.text_rng.choices(self._langs, self._weights)[0]

    def emit(self, minute: int, lang: str, intent: Intent, followers: int | None = None) -> None:
        rng = self.text_rng
        text = _fill(rng.choice(getattr(VOICES[lang], intent)), lang, intent, rng)
        if followers is None:
            followers = min(int(math.exp(rng.gauss(5.0, 1.5))), 50_000)
        index = len(self.mentions) + self.unmatched
        item = RawItem(
            source="bench",
            external_id=f"{self.name}-{index}",
            text=text,
            created_at=self.at(minute) + timedelta(seconds=rng.random() * 60.0),
            author=f"@user{rng.randrange(1_000_000)}",
            author_followers=followers,
        )
        mention = self.pipeline.process(item)
        if mention is None:
            self.unmatched += 1
            return
        self.mentions.append(mention)
        self.written[item.external_id] = (lang, intent)

    def stream(
        self,
        first: int,
        last: int,
        lam: Callable[[int], float],
        intent: Callable[[int], Intent],
        lang: Callable[[], str],
    ) -> None:
        """Poisson arrivals in minutes ``first..last-1``, each with an intent and a language."""
        for minute in range(max(first, 0), min(last, self.minutes)):
            for _ in range(poisson(self.rng, lam(minute))):
                self.emit(minute, lang(), intent(minute))

    def _calm_intent(self, minute: int, positive: float = POSITIVE_SHARE) -> Intent:
        draw = self.rng.random()
        share = self.hour_share[minute // 60]
        if draw < share:
            return "gripe"
        if draw < share + positive:
            return "praise"
        return "news" if self.rng.random() < NEWS_SHARE else "question"

    def calm(self, per_day: float) -> None:
        self.stream(
            0,
            self.minutes,
            lambda m: self.base_rate(m, per_day),
            self._calm_intent,
            self.chatter_lang,
        )

    def launch(self, start: int, per_day: float) -> None:
        """3–6× volume for two hours, mostly praise of the new app, lounge or seats."""
        factor = self.rng.uniform(3.0, 6.0)

        def intent(minute: int) -> Intent:
            kind = self._calm_intent(minute, positive=0.85)
            return "launch" if kind == "praise" and self.rng.random() < 0.6 else kind

        end = start + 120
        lam = lambda m: (factor - 1.0) * self.base_rate(m, per_day)  # noqa: E731
        self.stream(start, end, lam, intent, self.chatter_lang)
        self.events.append(Event("launch", self.at(start), self.at(end), "new app"))

    def news_burst(self, start: int, per_day: float) -> None:
        """5× volume for 30 minutes, mostly one story: the brand's own news (a route, an
        order, a sale) or a rival's outage, told with outage words."""
        story = self.text_rng.choice(("news", "rival"))

        def intent(minute: int) -> Intent:
            return story if self.rng.random() < 0.7 else self._calm_intent(minute)

        end = start + 30
        lam = lambda m: 4.0 * self.base_rate(m, per_day)  # noqa: E731
        self.stream(start, end, lam, intent, self.chatter_lang)
        topic = "rival outage" if story == "rival" else "brand news"
        self.events.append(Event("news_burst", self.at(start), self.at(end), topic))

    def gripes(self, start: int, per_day: float) -> None:
        """Gripes doubled for 20 minutes (a bad delay day)."""
        end = start + 20
        lam = lambda m: self.base_rate(m, per_day) * self.hour_share[m // 60]  # noqa: E731
        self.stream(start, end, lam, lambda _m: "gripe", self.chatter_lang)
        self.events.append(Event("gripes", self.at(start), self.at(end), "gripes"))

    def harmless(
        self, per_day: float, counts: dict[str, int], avoid: tuple[int, int] | None
    ) -> None:
        plans = {
            "launch": ((9.0, 15.0), 120, True, self.launch),
            "news_burst": ((7.0, 22.0), 30, False, self.news_burst),
            "gripes": ((7.0, 23.0), 20, False, self.gripes),
        }
        for kind, (hours, length, weekday_only, make) in plans.items():
            for _ in range(counts.get(kind, 0)):
                start = _place(
                    self.rng, self, 1440, self.minutes, hours, length, avoid, weekday_only
                )
                if start is not None:
                    make(start, per_day)

    def labelled_per_gripe(self, before: int) -> float:
        """Mentions the pipeline labelled negative per gripe written, in the calm chatter
        before minute ``before`` (bumps left out)."""
        end = self.at(before)
        negative = gripes = 0
        for mention in self.mentions:
            moment = mention.created_at
            if moment >= end or any(e.start <= moment < e.end for e in self.events):
                continue
            negative += mention.label is Sentiment.NEGATIVE
            gripes += self.written[mention.external_id][1] == "gripe"
        return negative / gripes if gripes else 1.0

    def usual_gripes(self, minute: int, per_day: float, span: int = 120) -> float:
        """Expected gripes per minute over the two hours before ``minute``."""
        first = max(minute - span, 0)
        total = sum(
            self.base_rate(m, per_day) * self.hour_share[m // 60] for m in range(first, minute)
        )
        return total / max(minute - first, 1)

    def storm(
        self, onset: int, usual: float, multiplier: Callable[[int], float], length: int, lang: str
    ) -> None:
        """Storm texts in ``lang``, ``(multiplier(t) - 1) × usual`` a minute on top of the
        chatter, with questions in the same language (a quarter as many)."""
        extra = lambda m: max(multiplier(m - onset) - 1.0, 0.0) * usual  # noqa: E731
        end = onset + length
        self.stream(onset, end, extra, lambda _m: "storm", lambda: lang)
        question = lambda m: QUESTION_SHARE * extra(m)  # noqa: E731
        self.stream(onset, end, question, lambda _m: "storm_question", lambda: lang)

    def finish(
        self, kind: str, per_day: float, seed: int, onsets: list[datetime], peak: float
    ) -> LanguageTimeline:
        self.mentions.sort(key=lambda m: m.created_at)
        return LanguageTimeline(
            name=self.name,
            kind=kind,
            base_per_hour=per_day / 24.0,
            seed=seed,
            mentions=self.mentions,
            onsets=onsets,
            weeks=self.minutes / (7 * 1440),
            warmup_end=self.start + timedelta(days=1),
            end=self.at(self.minutes),
            peak_ratio=peak,
            events=sorted(self.events, key=lambda e: e.start),
            crisis_type=None,
            scenario=self.scenario.key,
            storm_lang=self.scenario.storm if onsets else None,
            written=self.written,
            unmatched=self.unmatched,
        )


def crisis(key: str, per_day: float, seed: int, days: float = CRISIS_DAYS) -> LanguageTimeline:
    """Calm chatter of the scenario's brand, then on the second day (08:00–20:00) a sudden
    6–10× surge of negatives (against the labelled usual) in the storm language: a 2–5 minute
    rise, a 100–140 minute plateau, a 30 minute fall. Harmless bumps at their weekly rates,
    clear of the storm."""
    scenario = SCENARIO_BY_KEY[key]
    name = f"ml-{key}-{per_day:g}d-s{seed}"
    probe = random.Random(f"{name}/start")
    writer = _Writer(name, scenario, probe.randrange(7), int(days * 1440))
    rng = writer.rng
    onset = 1440 + int(rng.uniform(8.0, 20.0) * 60)
    writer.calm(per_day)
    scale = (days - 1.0) / 7.0
    counts = {
        "launch": poisson(rng, 1.0 * scale),
        "news_burst": poisson(rng, 2.0 * scale),
        "gripes": poisson(rng, 4.0 * scale),
    }
    writer.harmless(per_day, counts, avoid=(onset - 180, onset + 420))
    inflation = writer.labelled_per_gripe(onset)
    usual = writer.usual_gripes(onset, per_day) * inflation
    peak = rng.uniform(6.0, 10.0)
    rise, hold = rng.randint(2, 5), rng.randint(100, 140)
    writer.storm(onset, usual, _plateau(rise, peak, hold, 30), rise + hold + 30, scenario.storm)
    timeline = writer.finish("sudden", per_day, seed, [writer.at(onset)], peak)
    timeline.negative_inflation = round(inflation, 3)
    return timeline


def calm_week(key: str, per_day: float, seed: int) -> LanguageTimeline:
    """Seven calm days of the scenario's brand from a Monday: one launch, two news bursts,
    four gripes clusters."""
    scenario = SCENARIO_BY_KEY[key]
    writer = _Writer(f"ml-calm-{key}-{per_day:g}d-s{seed}", scenario, 0, 7 * 1440)
    writer.calm(per_day)
    writer.harmless(per_day, {"launch": 1, "news_burst": 2, "gripes": 4}, avoid=None)
    return writer.finish("calm", per_day, seed, [], 0.0)


Spec = tuple[str, str, float, int]
"""(kind, scenario key, mentions per day, seed)."""


def specs(quick: bool = False) -> list[Spec]:
    """The runs of the suite. Quick: one Vietnamese crisis at a low rate. Full: every scenario's
    crisis at each of its rates and a calm week at its lowest and highest rate."""
    if quick:
        return [("crisis", "vi", QUICK_RATE, 0)]
    out: list[Spec] = []
    for scenario in SCENARIOS:
        rates = scenario.rates
        out.extend(("crisis", scenario.key, rate, seed) for seed, rate in enumerate(rates))
    for scenario in SCENARIOS:
        low, high = scenario.rates[0], scenario.rates[-1]
        out += [("calm", scenario.key, low, 0), ("calm", scenario.key, high, 1)]
    return out


def generate(spec: Spec) -> LanguageTimeline:
    kind, key, rate, seed = spec
    return calm_week(key, rate, seed) if kind == "calm" else crisis(key, rate, seed)


def suite(quick: bool = False) -> Iterator[LanguageTimeline]:
    """Timelines one at a time, so a run never holds every week's mentions at once."""
    for spec in specs(quick):
        yield generate(spec)
