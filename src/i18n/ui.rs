//! The window's texts. Each entry must give Kazakh, Russian and English, in that order: the
//! macro does not accept fewer, so a missing translation does not compile.

use crate::store::LoadProblem;
use crate::ui::save::SaveError;
use crate::ui::shots::ShotError;

use super::Lang;

macro_rules! texts {
    ($($name:ident => $kk:literal, $ru:literal, $en:literal;)*) => {
        /// A text of the window.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($name,)* }

        impl T {
            pub const ALL: &'static [Self] = &[$(Self::$name,)*];

            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Self::$name => match lang { Lang::Kk => $kk, Lang::Ru => $ru, Lang::En => $en },)*
                }
            }
        }
    };
}

texts! {
    WindowTitle => "Сот кабинеті: техникалық қолдауға өтініш", "Судебный кабинет: обращение в техподдержку", "Court Cabinet: support request";
    NewRequest => "Жаңа өтініш", "Новое обращение", "New request";
    NextCaller => "Келесі қоңырау шалушы", "Следующий звонящий", "Next caller";
    NextCallerTip => "Қоңырау шалушының деректерін тазартады, оператор баптауларын сақтайды", "Очищает данные звонящего, настройки оператора сохраняются", "Clears the caller's data and keeps the operator's settings";
    OperatorMode => "Оператор режимі (1401)", "Режим оператора (1401)", "Operator mode (1401)";
    OperatorModeTip => "Қоңырау шалушының атынан толтыру: осы компьютердің деректері қолданылмайды", "Заполнение за звонящего: данные этого компьютера не используются", "Filling in for a caller: this computer's details are not used";
    InterfaceLanguage => "Интерфейс тілі", "Язык интерфейса", "Interface language";
    BodyLanguage => "Хат тілі", "Язык письма", "Letter language";
    SectionWho => "1. Кім жүгінеді", "1. Кто обращается", "1. Who";
    SectionProblem => "2. Мәселе", "2. Проблема", "2. Problem";
    SectionEnvironment => "3. Орта", "3. Окружение", "3. Environment";
    SectionAttachments => "4. Тіркемелер", "4. Вложения", "4. Attachments";
    SectionPreview => "5. Қарау және жіберу", "5. Просмотр и отправка", "5. Preview & send";
    CallerHint => "Қоңырау шалушының деректерін енгізіңіз.", "Введите данные звонящего.", "Enter the caller's details.";
    ReadEds => "ЭЦҚ-дан оқу…", "Прочитать из ЭЦП…", "Read from my EDS…";
    ReadEdsTip => "Кілт файлын (.p12) немесе сертификатты ашып, аты-жөнін, ЖСН/БСН және ЭЦҚ мерзімін толтырады", "Открывает файл ключа (.p12) или сертификат и заполняет ФИО, ИИН/БИН и срок ЭЦП", "Opens a key file (.p12) or certificate and fills in the name, IIN/BIN and EDS validity";
    FoundKeys => "Осы компьютерде табылған кілттер:", "Ключи, найденные на этом компьютере:", "Keys found on this computer:";
    EdsFiles => "ЭЦҚ файлдары", "Файлы ЭЦП", "EDS files";
    Iin => "ЖСН/БСН", "ИИН/БИН", "IIN/BIN";
    FullName => "Аты-жөні", "ФИО", "Full name";
    Email => "Электрондық пошта", "Электронная почта", "E-mail";
    CallerEmail => "Қоңырау шалушының поштасы (жауап осыған келеді)", "Почта звонящего (ответ придёт на неё)", "Caller's e-mail (replies go there)";
    EmailNeeded => "Қолдау қызметі поштаға жауап береді: электрондық поштаны көрсетіңіз", "Поддержка отвечает по почте: укажите электронную почту", "Support replies by e-mail: give an e-mail address";
    Phone => "Телефон", "Телефон", "Phone";
    OperatorFrom => "Оператордың поштасы (Кімнен)", "Почта оператора (От кого)", "Operator's mailbox (From)";
    OperatorFromHint => "Хат осы поштадан жіберіледі, жауап қоңырау шалушыға барады.", "Письмо уходит с этой почты, ответ получает звонящий.", "The message goes from this mailbox; support replies to the caller.";
    Summary => "Қысқаша сипаттама (тақырып)", "Краткое описание (тема)", "Short summary (subject)";
    OccurredAt => "Қашан болды", "Когда произошло", "When it happened";
    OccurredAtTip => "ЖЖЖЖ-АА-КК СС:ММ, Астана уақыты", "ГГГГ-ММ-ДД ЧЧ:ММ, время Астаны", "YYYY-MM-DD HH:MM, Astana time";
    Now => "Қазір", "Сейчас", "Now";
    NowTip => "Қазіргі уақытты қою", "Поставить текущее время", "Set the current time";
    AstanaTime => "Астана уақыты", "время Астаны", "Astana time";
    ErrorText => "Қате мәтіні", "Текст ошибки", "Error text";
    Steps => "Қатеге әкелетін әрекеттер", "Действия, приводящие к ошибке", "Steps that cause it";
    Description => "Толық сипаттама", "Подробное описание", "Full description";
    Details => "Қосымша мәліметтер", "Дополнительные сведения", "Other details";
    OperatorEnvironmentHint => "Қоңырау шалушының жүйесін тізімнен таңдаңыз немесе жазыңыз.", "Выберите из списка или впишите систему звонящего.", "Pick from the lists or type the caller's system.";
    DetectAgain => "Қайта анықтау", "Определить заново", "Detect again";
    DetectAgainTip => "ОЖ, браузерлерді, Java және NCALayer-ді қайта тексереді", "Заново проверяет ОС, браузеры, Java и NCALayer", "Checks the OS, browsers, Java and NCALayer again";
    Eds => "ЭЦҚ", "ЭЦП", "EDS";
    Os => "Операциялық жүйе", "Операционная система", "Operating system";
    ServicePack => "Жаңарту пакеті", "Пакет обновления", "Service pack";
    Browser => "Браузер", "Браузер", "Browser";
    Java => "Java", "Java", "Java";
    NcaLayer => "NCALayer", "NCALayer", "NCALayer";
    IncludeTip => "Өтінішке қосу", "Включить в обращение", "Include in the request";
    Detecting => "анықталуда…", "определяется…", "detecting…";
    NotFound => "табылмады", "не найдено", "not found";
    TimedOut => "уақыты өтті", "время вышло", "timed out";
    ProbeFailed => "анықталмады", "не удалось определить", "could not be detected";
    SourceDetected => "анықталды", "определено", "detected";
    SourceKeystore => "кілттен", "из ключа", "from keystore";
    SourceTyped => "енгізілді", "введено", "typed";
    SourcePicked => "тізімнен", "из списка", "picked";
    Choose => "Таңдау…", "Выбрать…", "Choose…";
    AllDetected => "Табылғанның бәрі", "Все найденные", "All detected";
    ValidFrom => "Жарамдылық басталуы", "Действует с", "Valid from";
    ValidTo => "Жарамдылық аяқталуы", "Действует по", "Valid to";
    Hints => "Өзіңіз тексеріңіз", "Проверьте сами", "Worth checking first";
    HintEdsExpired => "ЭЦҚ мерзімі {date} аяқталған. pki.gov.kz сайтында жаңасын алыңыз.", "Срок ЭЦП истёк {date}. Получите новую на pki.gov.kz.", "The EDS expired on {date}. Get a new one at pki.gov.kz.";
    HintEdsExpiring => "ЭЦҚ мерзімі аяқталуына қалған күн: {days}. pki.gov.kz сайтында жаңартыңыз.", "До окончания срока ЭЦП осталось дней: {days}. Продлите на pki.gov.kz.", "Days left before the EDS expires: {days}. Renew it at pki.gov.kz.";
    HintNoJava => "Java табылмады. Қол қою NCALayer арқылы жүреді: ол орнатылғанын тексеріңіз.", "Java не найдена. Подпись идёт через NCALayer: проверьте, что он установлен.", "No Java found. Signing goes through NCALayer: check that it is installed.";
    HintNoNcaLayer => "NCALayer орнатылмаған. Сот кабинетінде қол қою үшін оны pki.gov.kz сайтынан орнатыңыз.", "NCALayer не установлен. Для подписи в Судебном кабинете установите его с pki.gov.kz.", "NCALayer is not installed. Court Cabinet needs it for signing: install it from pki.gov.kz.";
    HintNcaLayerNotRunning => "NCALayer орнатылған, бірақ іске қосылмаған. Оны іске қосып, беттегі әрекетті қайталаңыз.", "NCALayer установлен, но не запущен. Запустите его и повторите действие на странице.", "NCALayer is installed but not running. Start it and try again on the page.";
    AddFiles => "Файлдарды қосу…", "Добавить файлы…", "Add files…";
    AddFilesTip => "Скриншоттар, журналдар, құжаттар", "Скриншоты, журналы, документы", "Screenshots, logs, documents";
    DropHint => "немесе файлдарды осы терезеге сүйреңіз", "или перетащите файлы в это окно", "or drop files onto this window";
    Remove => "Алып тастау", "Убрать", "Remove";
    AttachmentsTotal => "Барлығы {total}, ең көбі {limit}", "Всего {total}, не более {limit}", "{total} in all, at most {limit}";
    CaptureScreen => "Экранды түсіру", "Снимок экрана", "Capture screen";
    CaptureScreenTip => "Осы терезені жасырып, экранды түсіреді және суретті тіркейді", "Скрывает это окно, снимает экран и прикрепляет снимок", "Hides this window, captures the screen and attaches the picture";
    Delay => "Кідіріс", "Задержка", "Delay";
    DelayNone => "бірден", "сразу", "at once";
    DelaySecs => "{secs} секунд", "{secs} секунд", "{secs} seconds";
    Screen => "Экран", "Экран", "Screen";
    AllScreens => "Барлық экрандар", "Все экраны", "All screens";
    MainScreen => "негізгі", "основной", "main";
    CountdownText => "{secs} с кейін түсіріледі. Бірден түсіру: {key}", "Снимок через {secs} с. Снять сразу: {key}", "Capturing in {secs} s. To capture now: {key}";
    CountdownTitle => "Түсіруге {secs} с — {key}: қазір", "Снимок через {secs} с — {key}: сейчас", "Capturing in {secs} s — {key}: now";
    HotkeyUnavailable => "Пернелер тіркесімі қолжетімсіз: осы терезеде «Қазір түсіру» басыңыз.", "Сочетание клавиш недоступно: нажмите «Снять сейчас» в этом окне.", "The shortcut is unavailable: press “Capture now” in this window.";
    CaptureNow => "Қазір түсіру", "Снять сейчас", "Capture now";
    Capturing => "Экран түсірілуде…", "Снимаем экран…", "Capturing the screen…";
    PasteImage => "Суретті қою", "Вставить картинку", "Paste picture";
    PasteTip => "Алмасу буферіндегі суретті тіркейді (Ctrl+V да болады)", "Прикрепляет картинку из буфера обмена (также Ctrl+V)", "Attaches the picture on the clipboard (Ctrl+V works too)";
    MakingPicture => "Сурет дайындалуда…", "Готовим картинку…", "Making the picture…";
    Edit => "Өңдеу", "Изменить", "Edit";
    EditTip => "Жеке деректерді бояу немесе кесу", "Закрасить личные данные или обрезать", "Black out personal data or crop";
    Shrink => "Кішірейту", "Уменьшить", "Shrink";
    ShrinkTip => "JPEG, ұзын жағы ең көбі 1920 пиксель: фотосуреттерге", "JPEG, длинная сторона до 1920 пикселей: для фотографий", "JPEG, longest side at most 1920 pixels: for photos";
    AsSent => "Жіберілетін хат шамамен {size} (base64 ~37 % қосады)", "Письмо при отправке — около {size} (base64 добавляет ~37 %)", "The message will be about {size} when sent (base64 adds ~37 %)";
    LimitMib => "Шек, МиБ", "Лимит, МиБ", "Limit, MiB";
    OverLimit => "Шектен {over} асты. Алып тастаңыз немесе кішірейтіңіз: {names}.", "Лимит превышен на {over}. Уберите или уменьшите: {names}.", "{over} over the limit. Remove or shrink: {names}.";
    OverLimitNotice => "Сақталмады: тіркемелер шектен {over} асады.", "Не сохранено: вложения превышают лимит на {over}.", "Not saved: the attachments are {over} over the limit.";
    PicturesAdded => "Тіркелген суреттер: {count}.", "Прикреплено картинок: {count}.", "Pictures attached: {count}.";
    PictureSaved => "Сурет сақталды.", "Картинка сохранена.", "Picture saved.";
    Busy => "Басқа сурет дайындалуда; сәлден соң қайталаңыз.", "Готовится другая картинка; повторите чуть позже.", "Another picture is being made; try again in a moment.";
    EditorTitle => "Суретті өңдеу", "Изменение картинки", "Edit picture";
    ToolRedact => "Бояу", "Закрасить", "Black out";
    ToolCrop => "Кесу", "Обрезать", "Crop";
    Undo => "Болдырмау", "Отменить", "Undo";
    Apply => "Қолдану", "Применить", "Apply";
    RedactHint => "Жеке деректердің (ЖСН, аты-жөні, құжаттар) үстінен тышқанмен сүйреңіз: қара түс суретке біржола жазылады.", "Проведите мышью по личным данным (ИИН, ФИО, документы): чёрный цвет навсегда впишется в картинку.", "Drag over personal data (IINs, names, documents): the black is burnt into the picture for good.";
    CropHint => "Қалдыратын бөлікті тышқанмен белгілеңіз.", "Выделите мышью часть, которую оставить.", "Drag over the part to keep.";
    PictureArea => "Сурет: белгілеу үшін сүйреңіз", "Картинка: тяните, чтобы выделить", "Picture: drag to select";
    Saving => "Сақталуда…", "Сохраняем…", "Saving…";
    CaptureFailed => "Экранды түсіру мүмкін болмады:", "Не удалось снять экран:", "The screen could not be captured:";
    NoSuchScreen => "Мұндай экран жоқ. Экрандар саны:", "Такого экрана нет. Экранов:", "There is no such screen. Screens:";
    PictureUnreadable => "Суретті ашу мүмкін болмады (PNG немесе JPEG керек):", "Не удалось открыть картинку (нужен PNG или JPEG):", "The picture could not be opened (PNG or JPEG needed):";
    PictureTooLarge => "Сурет тым үлкен, оны ашпаймыз:", "Картинка слишком большая, не открываем:", "The picture is too large to open:";
    PictureWriteFailed => "Суретті жазу мүмкін болмады:", "Не удалось записать картинку:", "The picture could not be written:";
    NoClipboardImage => "Алмасу буферінде сурет жоқ. Алдымен суретті көшіріңіз.", "В буфере обмена нет картинки. Сначала скопируйте картинку.", "The clipboard holds no picture. Copy one first.";
    Consent => "Қоңырау шалушы өз деректерін қолдау қызметіне беруге келісті", "Звонящий согласился передать свои данные в поддержку", "The caller agreed to share this data with support";
    ConsentNeeded => "Алдымен қоңырау шалушының келісімін белгілеңіз.", "Сначала отметьте согласие звонящего.", "Tick the caller's consent first.";
    Save => ".eml ретінде сақтау", "Сохранить .eml", "Save .eml";
    SaveTip => "Сақтау қалтасына сақтайды", "Сохраняет в папку сохранения", "Saves into the save folder";
    SaveAs => "Басқаша сақтау…", "Сохранить как…", "Save as…";
    OpenInOutlook => "Outlook-та жоба ретінде ашу", "Открыть черновиком в Outlook", "Open as draft in Outlook";
    OpenInOutlookTip => "Сақтап, пошта бағдарламасында жіберуге дайын жоба ретінде ашады", "Сохраняет и открывает в почтовой программе как черновик для отправки", "Saves and opens it in your mail program as a draft to send";
    CopyText => "Мәтінді көшіру", "Копировать текст", "Copy text";
    Send => "Жіберу", "Отправить", "Send";
    SendTip => "Өтінішті office@sud.kz мекенжайына жібереді: алдымен шығыс қалтасына жазылады, сервер 250 деп жауап бергенде ғана жіберілді деп саналады", "Отправляет обращение на office@sud.kz: сначала записывается в исходящие, отправленным считается только после ответа сервера 250", "Sends the request to office@sud.kz: it is written to the outbox first and counts as sent only after the server's 250";
    Sending => "Жіберілуде…", "Отправляется…", "Sending…";
    SentNotice => "Жіберілді {at} (Астана уақыты). Message-ID: {id}", "Отправлено {at} (время Астаны). Message-ID: {id}", "Sent {at} (Astana time). Message-ID: {id}";
    QueuedNotice => "Әлі жіберілмеді.", "Пока не отправлено.", "Not sent yet.";
    SendFailedNotice => "Жіберілмеді.", "Не отправлено.", "Not sent.";
    SetUpSending => "Жіберу үшін алдымен пошта баптауларын толтырыңыз (немесе .eml сақтаңыз).", "Для отправки сначала заполните настройки почты (или сохраните .eml).", "To send, fill in the mail settings first (or save the .eml).";
    MailSettingsSaved => "Пошта баптаулары сақталды.", "Настройки почты сохранены.", "Mail settings saved.";
    PageRequest => "Өтініш", "Обращение", "Request";
    PageOutbox => "Шығыс", "Исходящие", "Outbox";
    PageHistory => "Жіберілгендер", "Отправленные", "Sent requests";
    PageMailSettings => "Пошта баптаулары", "Настройки почты", "Mail settings";
    OverdueShort => "мерзімі өткен", "просрочено", "overdue";
    OutboxEmpty => "Шығыс қалтасы бос: барлық хат жіберілді.", "Исходящих нет: все письма отправлены.", "The outbox is empty: everything has been sent.";
    SendAllNow => "Барлығын қазір жіберу", "Отправить все сейчас", "Send all now";
    SendNow => "Қазір жіберу", "Отправить сейчас", "Send now";
    Unreadable => "оқылмайды, файлдары сақталды", "не читается, файлы сохранены", "cannot be read, its files are kept";
    Created => "Жасалды", "Создано", "Created";
    StatusWaiting => "Күтуде, келесі әрекет:", "Ожидает, следующая попытка:", "Waiting, next attempt:";
    StatusQueued => "Жіберуді күтуде", "Ожидает отправки", "Waiting to be sent";
    StatusFailed => "Жіберілмеді — баптауларды түзетіп, қайта жіберіңіз", "Не отправлено — исправьте настройки и отправьте снова", "Not sent — fix the settings and send again";
    StatusSent => "Жіберілді", "Отправлено", "Sent";
    Attempts => "әрекеттер:", "попыток:", "attempts:";
    Delete => "Жою", "Удалить", "Delete";
    DeleteQuestion => "Хат жіберілмейді және жойылады. Жою керек пе?", "Письмо не будет отправлено и будет удалено. Удалить?", "The message will not be sent and is deleted. Delete it?";
    DeleteYes => "Иә, жою", "Да, удалить", "Yes, delete";
    HistoryEmpty => "Әзірге жіберілген өтініш жоқ.", "Отправленных обращений пока нет.", "No requests sent yet.";
    SentAt => "Жіберілді", "Отправлено", "Sent";
    AnsweredAt => "Жауап алынды", "Ответ получен", "Answered";
    OverdueFirstAnswer => "Қолдау қызметі 3 жұмыс сағаты ішінде жауап бермеді.", "Поддержка не ответила в течение 3 рабочих часов.", "Support has not answered within 3 working hours.";
    OverdueReply => "Қосымша ақпаратқа жауап беру мерзімі (72 жұмыс сағаты) өтті: өтініш жабылуы мүмкін. Тезірек жауап беріңіз немесе жаңа өтініш жіберіңіз.", "Срок ответа на запрос дополнительной информации (72 рабочих часа) истёк: обращение может быть закрыто. Ответьте как можно скорее или отправьте новое обращение.", "The 72 working hours to answer support's request for more information have passed: the request may be closed. Reply at once or send a new request.";
    OverdueAnswer => "Жауабыңыздан кейін 2 жұмыс күні ішінде қолдау қызметі жауап бермеді.", "Поддержка не ответила в течение 2 рабочих дней после вашего ответа.", "Support has not answered within 2 working days of your reply.";
    AckBy => "Тіркеу туралы хабарлама", "Подтверждение регистрации", "Acknowledgement by";
    FirstAnswerBy => "Алғашқы жауап", "Первый ответ", "First answer by";
    InfoRequestedAt => "Қосымша ақпарат сұралды", "Запрошена доп. информация", "More information asked";
    ReplyBy => "Сіздің жауабыңыз (72 жұмыс сағаты)", "Ваш ответ (72 рабочих часа)", "Your reply by (72 working hours)";
    RepliedAt => "Сіз жауап бердіңіз", "Вы ответили", "You replied";
    AnswerAfterReplyBy => "Жауаптан кейінгі жауап (2 жұмыс күні)", "Ответ после вашего ответа (2 рабочих дня)", "Answer after your reply by (2 working days)";
    CalendarUnknown => "{years} жылдың мерекелік күнтізбесі белгісіз: тек демалыс күндері ескерілді.", "Календарь праздников на {years} год неизвестен: учтены только выходные.", "The holiday calendar for {years} is unknown: weekends only.";
    MarkInfoRequested => "Қолдау қосымша ақпарат сұрады", "Поддержка запросила доп. информацию", "Support asked for more information";
    MarkInfoRequestedTip => "72 жұмыс сағатының кері санағын қазірден бастайды", "Запускает отсчёт 72 рабочих часов с текущего момента", "Starts the 72-working-hour countdown now";
    Reply => "Жауап беру", "Ответить", "Reply";
    ReplyTip => "Re: тақырыбымен, бастапқы хатқа сілтемемен (In-Reply-To) жауап жазу", "Написать ответ с темой Re: и ссылкой на исходное письмо (In-Reply-To)", "Write a reply with the Re: subject, linked to the original (In-Reply-To)";
    MarkAnswered => "Жауап алынды", "Ответ получен", "Mark answered";
    Reopen => "Қайта ашу", "Открыть снова", "Reopen";
    Timeline => "Мерзімдер", "Сроки", "Deadlines";
    ReplyTitle => "Қолдау қызметіне жауап", "Ответ в поддержку", "Reply to support";
    MailSettingsIntro => "Өтініш сіздің поштаңыз арқылы жіберіледі. Құпиясөз файлда емес, жүйенің тіркелгі деректері қоймасында сақталады.", "Обращение отправляется через вашу почту. Пароль хранится не в файле, а в системном хранилище учётных данных.", "Requests are sent through your own mailbox. The password is kept in the system's credential store, never in a file.";
    UsePreset => "{provider} баптауларын қолдану", "Использовать настройки {provider}", "Use the {provider} settings";
    AppPasswordHint => "Бұл пошта қолданба құпиясөзін талап етеді (пошта баптауларында жасалады).", "Эта почта требует пароль приложения (создаётся в настройках почты).", "This provider needs an app password (made in its account settings).";
    SmtpHost => "SMTP сервері", "SMTP-сервер", "SMTP server";
    SmtpSecurity => "Шифрлау", "Шифрование", "Encryption";
    SmtpPort => "Порт", "Порт", "Port";
    SmtpLogin => "Логин", "Логин", "Login";
    SmtpPassword => "Құпиясөз", "Пароль", "Password";
    SmtpCa => "CA сертификаты (міндетті емес, PEM)", "Сертификат УЦ (необязательно, PEM)", "CA certificate (optional, PEM)";
    SecurityTls => "TLS (465)", "TLS (465)", "TLS (465)";
    SecurityStartTls => "STARTTLS (587)", "STARTTLS (587)", "STARTTLS (587)";
    SecurityPlain => "Шифрлаусыз (тек жергілікті релей)", "Без шифрования (только локальный релей)", "None (local relay only)";
    PlainWarning => "Шифрлаусыз: құпиясөз бен хат желіде ашық жіберіледі. Тек осы компьютердегі немесе ұйым ішіндегі релей үшін.", "Без шифрования: пароль и письмо передаются по сети открыто. Только для релея на этом компьютере или в сети организации.", "No encryption: the password and the message cross the network in the clear. Only for a relay on this computer or inside your organisation.";
    PortMismatch => "Порт пен шифрлау сәйкес емес: 465 порты TLS-пен, 587 порты STARTTLS-пен жұмыс істейді.", "Порт и шифрование не совпадают: порт 465 работает с TLS, порт 587 — со STARTTLS.", "The port and the encryption do not match: port 465 goes with TLS, port 587 with STARTTLS.";
    PasswordKept => "Құпиясөз жүйелік қоймада сақтаулы.", "Пароль сохранён в системном хранилище.", "The password is kept in the system's credential store.";
    SmtpPasswordMissing => "Бұл логин үшін құпиясөз сақталмаған.", "Для этого логина пароль не сохранён.", "No password is kept for this login.";
    PasswordStoreHint => "Құпиясөз сақтау кезінде жүйелік қоймаға жазылады.", "Пароль записывается в системное хранилище при сохранении.", "The password goes to the system's credential store when you save.";
    SaveMailSettings => "Баптауларды сақтау", "Сохранить настройки", "Save settings";
    TestConnection => "Қосылымды тексеру", "Проверить подключение", "Test connection";
    TestConnectionTip => "Серверге қосылып, кіреді және хат жібермей шығады", "Подключается к серверу, входит и выходит, ничего не отправляя", "Connects, logs in and quits without sending anything";
    TestOk => "Қосылым жұмыс істейді: сервер логин мен құпиясөзді қабылдады.", "Подключение работает: сервер принял логин и пароль.", "The connection works: the server accepted the login.";
    SaveFolder => "Сақтау қалтасы:", "Папка сохранения:", "Save folder:";
    Problems => "Түзету керек ({count}):", "Нужно исправить ({count}):", "To fix ({count}):";
    WillAsk => "Бос, қолдау қызметі сұрайды:", "Не заполнено, поддержка запросит:", "Empty; support will ask for:";
    PreviewWhenValid => "Жоғарыдағы қателер түзетілгенде хат осында көрінеді.", "Письмо появится здесь, когда ошибки выше будут исправлены.", "The message appears here once the problems above are fixed.";
    To => "Кімге", "Кому", "To";
    Subject => "Тақырып", "Тема", "Subject";
    Body => "Хат мәтіні", "Текст письма", "Body";
    Ready => "Дайын.", "Готово к работе.", "Ready.";
    SavedTo => "Сақталды:", "Сохранено:", "Saved:";
    OpenFolder => "Қалтаны ашу", "Открыть папку", "Open folder";
    NotSavedProblems => "Сақталмады: өрістерді түзетіңіз ({count}).", "Не сохранено: исправьте поля ({count}).", "Not saved: fix the fields listed ({count}).";
    Copied => "Тақырып пен мәтін көшірілді.", "Тема и текст скопированы.", "Subject and body copied.";
    EdsRead => "ЭЦҚ оқылды:", "ЭЦП прочитана:", "EDS read:";
    JobTimedOut => "Әрекет тым ұзаққа созылды және тоқтатылды. Қайталап көріңіз.", "Действие заняло слишком много времени и прервано. Попробуйте ещё раз.", "That took too long and was given up. Please try again.";
    JobLost => "Ішкі қате: әрекет аяқталмады. Қайталап көріңіз.", "Внутренняя ошибка: действие не завершилось. Попробуйте ещё раз.", "Internal error: the action did not finish. Please try again.";
    AutosaveFailed => "Жобаны сақтау мүмкін болмады:", "Не удалось сохранить черновик:", "The draft could not be saved:";
    NotAFile => "Файл емес немесе оқылмайды:", "Не файл или не читается:", "Not a file or not readable:";
    Discarded => "Жаңа өтініш басталды.", "Начато новое обращение.", "Started a new request.";
    PasswordTitle => "Кілттің құпиясөзі", "Пароль ключа", "Keystore password";
    Password => "Құпиясөз", "Пароль", "Password";
    WrongPassword => "Құпиясөз қате. Қайта енгізіңіз.", "Неверный пароль. Введите ещё раз.", "Wrong password. Please try again.";
    PasswordNotKept => "Құпиясөз ешқайда сақталмайды.", "Пароль нигде не сохраняется.", "The password is not stored anywhere.";
    Open => "Ашу", "Открыть", "Open";
    Cancel => "Болдырмау", "Отмена", "Cancel";
    DiscardTitle => "Жаңа өтініш бастайсыз ба?", "Начать новое обращение?", "Start a new request?";
    DiscardText => "Енгізілген барлық деректер өшіріледі (сақталған .eml файлдары қалады).", "Всё введённое будет удалено (сохранённые файлы .eml останутся).", "Everything typed so far will be cleared (saved .eml files stay).";
    Discard => "Иә, тазарту", "Да, очистить", "Yes, clear";
    Keep => "Жоқ, қалдыру", "Нет, оставить", "No, keep";
    SaveWriteFailed => "Файлды жазу мүмкін болмады; басқа қалтаны таңдаңыз:", "Не удалось записать файл; выберите другую папку:", "The file could not be written; choose another folder:";
    SaveOverwrite => "Тіркелген файлдың орнына жазуға болмайды:", "Нельзя записать поверх вложенного файла:", "Would overwrite an attached file:";
    SaveOpenFailed => "Сақталды, бірақ ашылмады (пошта бағдарламасы жоқ па?):", "Сохранено, но не открылось (нет почтовой программы?):", "Saved, but it could not be opened (no mail program?):";
    SaveBuildFailed => "Хатты құру мүмкін болмады:", "Не удалось собрать письмо:", "The message could not be built:";
    RestoreUnreadable => "Сақталған файл оқылмады; ол өзгертілмейді:", "Сохранённый файл не читается; он не будет изменён:", "A saved file could not be read; it is left as it is:";
    WindowFailed => "Терезені ашу мүмкін болмады. Пәрмен жолы жұмыс істейді: sk-support --help", "Не удалось открыть окно. Командная строка работает: sk-support --help", "The window could not be opened. The command line still works: sk-support --help";
    DateHint => "ЖЖЖЖ-АА-КК", "ГГГГ-ММ-ДД", "YYYY-MM-DD";
    NextCallerTitle => "Келесі қоңырау шалушыға өтесіз бе?", "Перейти к следующему звонящему?", "Go on to the next caller?";
    RestoreCorrupt => "Сақталған файл бүлінген; ол мына атпен сақталды:", "Сохранённый файл повреждён; он сохранён под именем", "A saved file was damaged; it was kept as";
}

/// A failed save, for the status line.
pub fn save_error(e: &SaveError, lang: Lang) -> String {
    match e {
        SaveError::Attachment(e) => super::attachment_error(e, lang),
        SaveError::Mail(e) => format!("{} {e}", T::SaveBuildFailed.get(lang)),
        SaveError::Write { path, source } => format!("{} {} ({source})", T::SaveWriteFailed.get(lang), path.display()),
        SaveError::WouldOverwrite { path } => format!("{} {}", T::SaveOverwrite.get(lang), path.display()),
        SaveError::Open { path, source } => format!("{} {} ({source})", T::SaveOpenFailed.get(lang), path.display()),
    }
}

/// Why a picture could not be made, opened or written.
pub fn shot_error(e: &ShotError, lang: Lang) -> String {
    use crate::attachments::capture::CaptureError;
    use crate::attachments::picture::PictureError;
    match e {
        ShotError::Capture(CaptureError::NoSuchScreen { count, .. }) => {
            format!("{} {count}", T::NoSuchScreen.get(lang))
        }
        ShotError::Capture(e) => format!("{} {e}", T::CaptureFailed.get(lang)),
        ShotError::Picture(PictureError::TooLarge { width, height }) => {
            format!("{} {width} × {height}", T::PictureTooLarge.get(lang))
        }
        ShotError::Picture(PictureError::Unreadable(reason)) => format!("{} {reason}", T::PictureUnreadable.get(lang)),
        ShotError::Picture(PictureError::Encode(reason)) => format!("{} {reason}", T::PictureWriteFailed.get(lang)),
        ShotError::Read { path, source } => {
            format!("{} {} ({source})", T::PictureUnreadable.get(lang), path.display())
        }
        ShotError::Write { path, source } => {
            format!("{} {} ({source})", T::PictureWriteFailed.get(lang), path.display())
        }
        ShotError::NoClipboardImage => T::NoClipboardImage.get(lang).to_owned(),
    }
}

/// A settings or draft file that could not be loaded.
pub fn load_problem(p: &LoadProblem, lang: Lang) -> String {
    match p {
        LoadProblem::Unreadable { path, reason } => {
            format!("{} {} ({reason})", T::RestoreUnreadable.get(lang), path.display())
        }
        LoadProblem::Corrupt { path, kept_as, .. } => {
            format!("{} {}", T::RestoreCorrupt.get(lang), kept_as.as_deref().unwrap_or(path).display())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_differs_per_language_where_it_should_and_keeps_its_placeholders() {
        for t in T::ALL {
            let [kk, ru, en] = [t.get(Lang::Kk), t.get(Lang::Ru), t.get(Lang::En)];
            for text in [kk, ru, en] {
                assert!(!text.trim().is_empty(), "{t:?} is empty");
            }
            for placeholder in
                ["{date}", "{days}", "{count}", "{total}", "{limit}", "{secs}", "{key}", "{over}", "{names}", "{size}"]
            {
                let has = [kk, ru, en].map(|s| s.contains(placeholder));
                assert!(has.iter().all(|h| *h == has[0]), "{t:?}: {placeholder} missing in a language");
            }
            // Russian and English coincide only for names (Java, NCALayer, Browser in kk/ru …).
            if ru == en {
                assert!(ru.is_ascii(), "{t:?}: Russian text left in English");
            }
        }
    }
}
