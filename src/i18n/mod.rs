//! Texts for people, in Kazakh, Russian and English.
//!
//! Every text is a `match` over [`Lang`] with no wildcard, so a missing translation does not
//! compile. English is the `Display` of the domain's types (what logs and `--json` carry);
//! Kazakh and Russian are written here.

#[cfg(feature = "gui")]
pub mod ui;

use std::path::Path;

use crate::attachments::{AttachmentError, human_size};
use chrono::{DateTime, Utc};

use crate::eds::certificate::{KeyAlgorithm, Purpose};
use crate::eds::{CertificateSummary, EdsError, EdsWarning};
use crate::environment::render::RequestLines;
use crate::environment::{Environment, ProbeName, ProbeStatus, browser, java};
use crate::request::file::RequestFileError;
use crate::request::id::{BinInfo, Decoded, EntityType, IdError, IinInfo, Sex, UnitType};
use crate::request::render::date;
use crate::request::{FieldProblem, FieldWarning};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Self; 3] = [Self::Kk, Self::Ru, Self::En];

    /// From a locale name such as `ru_RU.UTF-8`, `kk-KZ` or `en`.
    pub fn from_locale(locale: &str) -> Option<Self> {
        let code = locale.get(..2)?.to_ascii_lowercase();
        match code.as_str() {
            "kk" | "kz" => Some(Self::Kk),
            "ru" => Some(Self::Ru),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language of the command line: `SK_SUPPORT_LANG`, else the POSIX locale variables in
    /// their order of precedence; English when none names one of ours.
    pub fn from_env() -> Self {
        ["SK_SUPPORT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Self::from_locale(&value))
            .unwrap_or_default()
    }
}

/// What is wrong with a field, for the user.
pub fn field_problem(problem: &FieldProblem, lang: Lang) -> String {
    use FieldProblem as P;
    match (lang, problem) {
        (Lang::En, p) => p.to_string(),
        (_, P::Id(e)) => id_error(e, lang),
        (Lang::Kk, P::Required) => "толтырылуы керек".into(),
        (Lang::Ru, P::Required) => "обязательное поле".into(),
        (Lang::Kk, P::TooLong { chars, max }) => format!("тым ұзын: {chars} таңба, ең көбі {max}"),
        (Lang::Ru, P::TooLong { chars, max }) => format!("слишком длинно: {chars} символов, не более {max}"),
        (Lang::Kk, P::NotAnEmail) => "электрондық пошта мекенжайы емес (мысалы: name@example.kz)".into(),
        (Lang::Ru, P::NotAnEmail) => "не адрес электронной почты (например: name@example.kz)".into(),
        (Lang::Kk, P::NotAMailbox) => {
            "электрондық пошта мекенжайы емес (name@example.kz немесе \"Аты <name@example.kz>\")".into()
        }
        (Lang::Ru, P::NotAMailbox) => {
            "не адрес электронной почты (name@example.kz или \"Имя <name@example.kz>\")".into()
        }
        (Lang::Kk, P::NotAPhone) => "телефон нөмірі емес (кемінде 5 цифр керек)".into(),
        (Lang::Ru, P::NotAPhone) => "не номер телефона (нужно не менее 5 цифр)".into(),
        (Lang::Kk, P::NotADate) => "күн емес (ЖЖЖЖ-АА-КК түрінде, мысалы 2026-05-08)".into(),
        (Lang::Ru, P::NotADate) => "не дата (в виде ГГГГ-ММ-ДД, например 2026-05-08)".into(),
        (Lang::Kk, P::NotADateTime) => {
            "күн мен уақыт емес (мысалы 2026-11-24T14:35:00+05:00 немесе Астана уақытымен 2026-11-24 14:35)".into()
        }
        (Lang::Ru, P::NotADateTime) => {
            "не дата и время (например 2026-11-24T14:35:00+05:00 или 2026-11-24 14:35 по времени Астаны)".into()
        }
        (Lang::Kk, P::InTheFuture) => "болашақтағы уақыт".into(),
        (Lang::Ru, P::InTheFuture) => "время в будущем".into(),
        (Lang::Kk, P::EndsBeforeItBegins) => "әрекет ету мерзімі басталмай тұрып аяқталады".into(),
        (Lang::Ru, P::EndsBeforeItBegins) => "срок действия заканчивается раньше, чем начинается".into(),
        (Lang::Kk, P::OnlyOneDate) => {
            "valid_from және valid_to екеуін де көрсетіңіз немесе екеуін де бос қалдырыңыз".into()
        }
        (Lang::Ru, P::OnlyOneDate) => "укажите и valid_from, и valid_to, или ни одну из дат".into(),
        (Lang::Kk, P::UnknownLanguage) => "\"kk\" немесе \"ru\" болуы керек".into(),
        (Lang::Ru, P::UnknownLanguage) => "должно быть \"kk\" или \"ru\"".into(),
        (Lang::Kk, P::NoFromAddress) => {
            "жіберушінің электрондық поштасы да, from мекенжайы да жоқ: sender.email немесе from толтырыңыз".into()
        }
        (Lang::Ru, P::NoFromAddress) => {
            "нет ни почты отправителя, ни адреса from: заполните sender.email или from".into()
        }
        (Lang::Kk, P::NoFileName) => "файл атауы жоқ".into(),
        (Lang::Ru, P::NoFileName) => "нет имени файла".into(),
        (Lang::Kk, P::DuplicateFileName) => "осындай атаулы басқа тіркеме бар".into(),
        (Lang::Ru, P::DuplicateFileName) => "уже есть вложение с таким именем файла".into(),
    }
}

/// Why a number is not a valid IIN/BIN, for the user.
pub fn id_error(error: &IdError, lang: Lang) -> String {
    match (lang, error) {
        (Lang::En, e) => e.to_string(),
        (Lang::Kk, IdError::Empty) => "толтырылуы керек".into(),
        (Lang::Ru, IdError::Empty) => "обязательное поле".into(),
        (Lang::Kk, IdError::NotADigit(c)) => format!("цифр емес: «{c}»"),
        (Lang::Ru, IdError::NotADigit(c)) => format!("не цифра: «{c}»"),
        (Lang::Kk, IdError::WrongLength(n)) => format!("12 цифр болуы керек, {n} цифр берілген"),
        (Lang::Ru, IdError::WrongLength(n)) => format!("должно быть 12 цифр, введено {n}"),
        (Lang::Kk, IdError::CheckDigitMismatch { .. }) => "бақылау цифры сәйкес келмейді".into(),
        (Lang::Ru, IdError::CheckDigitMismatch { .. }) => "не совпадает контрольная цифра".into(),
        (Lang::Kk, IdError::NeverIssued) => "бұл цифрлар үшін бақылау цифры жоқ (мұндай нөмір берілмейді)".into(),
        (Lang::Ru, IdError::NeverIssued) => "для этих цифр нет контрольной цифры (такой номер не выдаётся)".into(),
    }
}

/// A field support will ask for, for the user.
pub fn warning(w: &FieldWarning, lang: Lang) -> String {
    match lang {
        Lang::En => w.to_string(),
        Lang::Kk => format!("{}: көрсетілмеген; қолдау қызметі оны сұрайды", w.field),
        Lang::Ru => format!("{}: не указано; поддержка запросит это", w.field),
    }
}

/// "IIN" / "BIN" in the language.
pub fn id_kind(decoded: &Decoded, lang: Lang) -> &'static str {
    match (lang, decoded) {
        (Lang::En, Decoded::Iin(_)) => "IIN",
        (Lang::En, Decoded::Bin(_)) => "BIN",
        (Lang::En, Decoded::Unknown) => "IIN/BIN",
        (Lang::Kk, Decoded::Iin(_)) => "ЖСН",
        (Lang::Kk, Decoded::Bin(_)) => "БСН",
        (Lang::Kk, Decoded::Unknown) => "ЖСН/БСН",
        (Lang::Ru, Decoded::Iin(_)) => "ИИН",
        (Lang::Ru, Decoded::Bin(_)) => "БИН",
        (Lang::Ru, Decoded::Unknown) => "ИИН/БИН",
    }
}

/// What the digits say, in a short phrase: "born 08/10/1987, male".
pub fn decoded_details(decoded: &Decoded, lang: Lang) -> String {
    match decoded {
        Decoded::Iin(info) => iin_details(info, lang),
        Decoded::Bin(info) => bin_details(info, lang),
        Decoded::Unknown => match lang {
            Lang::En => "the digits fit neither the IIN nor the BIN layout".into(),
            Lang::Kk => "цифрлар ЖСН-ге де, БСН-ге де сәйкес келмейді".into(),
            Lang::Ru => "цифры не соответствуют ни ИИН, ни БИН".into(),
        },
    }
}

fn iin_details(info: &IinInfo, lang: Lang) -> String {
    let mut parts = Vec::new();
    match (info.birth_date, lang) {
        (Some(d), Lang::En) => parts.push(format!("born {}", date(d))),
        (Some(d), Lang::Kk) => parts.push(format!("туған күні {}", date(d))),
        (Some(d), Lang::Ru) => parts.push(format!("дата рождения {}", date(d))),
        (None, Lang::En) => parts.push("no birth date encoded (allowed since 2013)".into()),
        (None, Lang::Kk) => {
            parts.push("туған күні көрсетілмеген (2013 жылдан бері рұқсат етілген)".into());
        }
        (None, Lang::Ru) => {
            parts.push("дата рождения не закодирована (допускается с 2013 года)".into());
        }
    }
    let sex = match (info.sex, lang) {
        (Some(Sex::Male), Lang::En) => "male",
        (Some(Sex::Female), Lang::En) => "female",
        (Some(Sex::Male), Lang::Kk) => "ер",
        (Some(Sex::Female), Lang::Kk) => "әйел",
        (Some(Sex::Male), Lang::Ru) => "мужской пол",
        (Some(Sex::Female), Lang::Ru) => "женский пол",
        (None, _) => "",
    };
    if !sex.is_empty() {
        parts.push(sex.into());
    }
    parts.join(", ")
}

fn bin_details(info: &BinInfo, lang: Lang) -> String {
    let registered = format!("{:02}/{}", info.registered_month, info.registered_year);
    let entity = match (info.entity_type, lang) {
        (EntityType::ResidentLegalEntity, Lang::En) => "resident legal entity",
        (EntityType::NonResidentLegalEntity, Lang::En) => "non-resident legal entity",
        (EntityType::JointVentureEntrepreneur, Lang::En) => "individual entrepreneur in a joint venture",
        (EntityType::ResidentLegalEntity, Lang::Kk) => "резидент заңды тұлға",
        (EntityType::NonResidentLegalEntity, Lang::Kk) => "резидент емес заңды тұлға",
        (EntityType::JointVentureEntrepreneur, Lang::Kk) => "бірлескен кәсіпкерлік түріндегі дара кәсіпкер",
        (EntityType::ResidentLegalEntity, Lang::Ru) => "юридическое лицо — резидент",
        (EntityType::NonResidentLegalEntity, Lang::Ru) => "юридическое лицо — нерезидент",
        (EntityType::JointVentureEntrepreneur, Lang::Ru) => "ИП в форме совместного предпринимательства",
    };
    let unit = match (info.unit_type, lang) {
        (UnitType::HeadOffice, Lang::En) => "head office",
        (UnitType::Branch, Lang::En) => "branch",
        (UnitType::RepresentativeOffice, Lang::En) => "representative office",
        (UnitType::PeasantFarm, Lang::En) => "peasant farm",
        (UnitType::HeadOffice, Lang::Kk) => "бас ұйым",
        (UnitType::Branch, Lang::Kk | Lang::Ru) => "филиал",
        (UnitType::RepresentativeOffice, Lang::Kk) => "өкілдік",
        (UnitType::PeasantFarm, Lang::Kk) => "шаруа қожалығы",
        (UnitType::HeadOffice, Lang::Ru) => "головная организация",
        (UnitType::RepresentativeOffice, Lang::Ru) => "представительство",
        (UnitType::PeasantFarm, Lang::Ru) => "крестьянское хозяйство",
    };
    let registered = match lang {
        Lang::En => format!("registered {registered}"),
        Lang::Kk => format!("тіркелген {registered}"),
        Lang::Ru => format!("зарегистрировано {registered}"),
    };
    format!("{registered}, {entity}, {unit}")
}

/// A request file that cannot be read, with its name and line.
pub fn request_file_error(e: &RequestFileError, lang: Lang) -> String {
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Kk, RequestFileError::Read { path, source }) => {
            format!("{}: файлды оқу мүмкін емес: {source}", path.display())
        }
        (Lang::Ru, RequestFileError::Read { path, source }) => {
            format!("{}: не удаётся прочитать файл: {source}", path.display())
        }
        (Lang::Kk, RequestFileError::NotUtf8 { path }) => {
            format!("{}: UTF-8 мәтіні емес (файлды UTF-8 ретінде сақтаңыз)", path.display())
        }
        (Lang::Ru, RequestFileError::NotUtf8 { path }) => {
            format!("{}: текст не в UTF-8 (сохраните файл в кодировке UTF-8)", path.display())
        }
        (Lang::Kk, RequestFileError::Syntax { path, at, message }) => {
            format!("{}:{at}: файлда қате: {message}", path.display())
        }
        (Lang::Ru, RequestFileError::Syntax { path, at, message }) => {
            format!("{}:{at}: ошибка в файле: {message}", path.display())
        }
    }
}

/// An attachment that cannot be sent.
pub fn attachment_error(e: &AttachmentError, lang: Lang) -> String {
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Kk, AttachmentError::NotFound { path, .. }) => {
            format!("{}: файл табылмады", path.display())
        }
        (Lang::Ru, AttachmentError::NotFound { path, .. }) => {
            format!("{}: файл не найден", path.display())
        }
        (Lang::Kk, AttachmentError::NotAFile { path, .. }) => {
            format!("{}: бұл файл емес", path.display())
        }
        (Lang::Ru, AttachmentError::NotAFile { path, .. }) => {
            format!("{}: это не файл", path.display())
        }
        (Lang::Kk, AttachmentError::Unreadable { path, source, .. }) => {
            format!("{}: файлды оқу мүмкін емес: {source}", path.display())
        }
        (Lang::Ru, AttachmentError::Unreadable { path, source, .. }) => {
            format!("{}: не удаётся прочитать файл: {source}", path.display())
        }
        (Lang::Kk, AttachmentError::TooLarge(t)) => format!(
            "тіркемелердің жалпы көлемі {}, бұл {} шегінен асады; кейбірін алып тастаңыз немесе кішірейтіңіз",
            human_size(t.total_bytes),
            human_size(t.limit_bytes)
        ),
        (Lang::Ru, AttachmentError::TooLarge(t)) => format!(
            "вложения занимают {}, больше предела {}; удалите или уменьшите некоторые",
            human_size(t.total_bytes),
            human_size(t.limit_bytes)
        ),
    }
}

/// A file that could not be written (nothing was written).
pub fn write_error(path: &Path, e: &std::io::Error, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}: cannot write the file: {e}", path.display()),
        Lang::Kk => format!("{}: файлды жазу мүмкін емес: {e}", path.display()),
        Lang::Ru => format!("{}: не удаётся записать файл: {e}", path.display()),
    }
}

/// The output would replace the request file or one of its attachments.
pub fn would_overwrite_input(path: &Path, lang: Lang) -> String {
    match lang {
        Lang::En => {
            format!("{}: this is the request file or one of its attachments; choose another --out", path.display())
        }
        Lang::Kk => format!("{}: бұл сұрау файлы немесе оның тіркемесі; басқа --out таңдаңыз", path.display()),
        Lang::Ru => format!("{}: это файл запроса или одно из вложений; укажите другой --out", path.display()),
    }
}

/// A probe's status in the language.
pub fn probe_status(status: &ProbeStatus, lang: Lang) -> String {
    let word = match (status, lang) {
        (ProbeStatus::Found, Lang::En) => "found",
        (ProbeStatus::NotFound, Lang::En) => "not found",
        (ProbeStatus::TimedOut, Lang::En) => "timed out",
        (ProbeStatus::Failed(_), Lang::En) => "failed",
        (ProbeStatus::Found, Lang::Kk) => "табылды",
        (ProbeStatus::NotFound, Lang::Kk) => "табылмады",
        (ProbeStatus::TimedOut, Lang::Kk) => "уақыты бітті",
        (ProbeStatus::Failed(_), Lang::Kk) => "сәтсіз",
        (ProbeStatus::Found, Lang::Ru) => "найдено",
        (ProbeStatus::NotFound, Lang::Ru) => "не найдено",
        (ProbeStatus::TimedOut, Lang::Ru) => "время истекло",
        (ProbeStatus::Failed(_), Lang::Ru) => "ошибка",
    };
    match status {
        ProbeStatus::Failed(reason) => format!("{word}: {reason}"),
        _ => word.to_owned(),
    }
}

/// The human summary of `detect`: one labelled block per probe, then how each probe went.
pub fn detect_summary(env: &Environment, lines: &RequestLines, lang: Lang) -> String {
    let [os, browsers, java, ncalayer, probes, default] = match lang {
        Lang::En => ["OS", "Browsers", "Java", "NCALayer", "Probes", "default"],
        Lang::Kk => ["ОЖ", "Браузерлер", "Java", "NCALayer", "Тексерулер", "әдепкі"],
        Lang::Ru => ["ОС", "Браузеры", "Java", "NCALayer", "Проверки", "по умолчанию"],
    };
    let width = [os, browsers, java, ncalayer, probes].iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    // What a section shows when it has nothing: why (not found, timed out, failed).
    let empty = |name: ProbeName| {
        let status = env.probes.iter().find(|p| p.name == name).map_or(ProbeStatus::NotFound, |p| p.status.clone());
        probe_status(&status, lang)
    };
    let mut out = Vec::new();
    let mut block = |label: &str, items: Vec<String>, name: ProbeName| {
        let items = if items.is_empty() { vec![empty(name)] } else { items };
        for (i, item) in items.into_iter().enumerate() {
            let head = if i == 0 { format!("{label}:") } else { String::new() };
            out.push(format!("{head:width$}{item}"));
        }
    };
    let sp = lines.service_pack.iter().filter(|sp| !lines.os.as_deref().unwrap_or("").contains(sp.as_str()));
    block(os, lines.os.iter().cloned().chain(sp.cloned()).collect(), ProbeName::Os);
    let mark = |is_default: bool| if is_default { format!(" ({default})") } else { String::new() };
    block(
        browsers,
        env.browsers
            .iter()
            .map(|b| {
                let path = b.path.as_ref().map(|p| format!(" — {}", p.display())).unwrap_or_default();
                format!("{}{}{path}", browser::describe(b), mark(b.default))
            })
            .collect(),
        ProbeName::Browsers,
    );
    block(
        java,
        env.java.iter().map(|j| format!("{}{} — {}", java::describe(j), mark(j.default), j.home.display())).collect(),
        ProbeName::Java,
    );
    let nca_found = env.probes.iter().any(|p| p.name == ProbeName::NcaLayer && p.status != ProbeStatus::TimedOut);
    block(ncalayer, if nca_found { vec![lines.ncalayer.clone()] } else { Vec::new() }, ProbeName::NcaLayer);
    block(
        probes,
        env.probes
            .iter()
            .map(|p| format!("{} {}, {} ms", p.name.as_str(), probe_status(&p.status, lang), p.millis))
            .collect(),
        ProbeName::Os,
    );
    out.join("\n")
}

/// An EDS file that cannot be read.
pub fn eds_error(e: &EdsError, lang: Lang) -> String {
    use crate::eds::pkcs12::Pkcs12Error as K;
    let path = |p: &Path| p.display().to_string();
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Kk, EdsError::Read { path: p, source }) => format!("{}: файлды оқу мүмкін емес: {source}", path(p)),
        (Lang::Ru, EdsError::Read { path: p, source }) => format!("{}: не удаётся прочитать файл: {source}", path(p)),
        (Lang::Kk, EdsError::TooLarge { path: p }) => {
            format!("{}: кілттер қоймасы немесе сертификат үшін тым үлкен", path(p))
        }
        (Lang::Ru, EdsError::TooLarge { path: p }) => {
            format!("{}: слишком большой для хранилища ключей или сертификата", path(p))
        }
        (Lang::Kk, EdsError::PasswordNeeded { path: p }) => {
            format!("{}: бұл кілттер қоймасын ашу үшін құпиясөз керек", path(p))
        }
        (Lang::Ru, EdsError::PasswordNeeded { path: p }) => {
            format!("{}: для этого хранилища ключей нужен пароль", path(p))
        }
        (Lang::Kk, EdsError::Keystore { path: p, source: K::WrongPassword }) => {
            format!("{}: құпиясөз қате; ЭЦҚ құпиясөзін тексеріп, қайта енгізіңіз", path(p))
        }
        (Lang::Ru, EdsError::Keystore { path: p, source: K::WrongPassword }) => {
            format!("{}: неверный пароль; проверьте пароль ЭЦП и введите его снова", path(p))
        }
        (Lang::Kk, EdsError::Keystore { path: p, source: K::NotAKeystore }) => {
            format!("{}: бұл кілттер қоймасы (.p12) емес", path(p))
        }
        (Lang::Ru, EdsError::Keystore { path: p, source: K::NotAKeystore }) => {
            format!("{}: это не хранилище ключей (.p12)", path(p))
        }
        (Lang::Kk, EdsError::Keystore { path: p, source: K::Corrupt(why) }) => {
            format!("{}: кілттер қоймасы бүлінген ({why}); ЭЦҚ көшірмесін алыңыз", path(p))
        }
        (Lang::Ru, EdsError::Keystore { path: p, source: K::Corrupt(why) }) => {
            format!("{}: хранилище ключей повреждено ({why}); возьмите копию ЭЦП", path(p))
        }
        (Lang::Kk, EdsError::Keystore { path: p, source: K::Unsupported(what) }) => {
            format!("{}: кілттер қоймасы қолдау көрсетілмейтін {what} қолданады", path(p))
        }
        (Lang::Ru, EdsError::Keystore { path: p, source: K::Unsupported(what) }) => {
            format!("{}: хранилище использует {what}, это не поддерживается", path(p))
        }
        (Lang::Kk, EdsError::Certificate { path: p, source }) => {
            format!("{}: сертификатты оқу мүмкін емес ({source})", path(p))
        }
        (Lang::Ru, EdsError::Certificate { path: p, source }) => {
            format!("{}: не удаётся прочитать сертификат ({source})", path(p))
        }
        (Lang::Kk, EdsError::Empty { path: p }) => format!("{}: сертификат жоқ", path(p)),
        (Lang::Ru, EdsError::Empty { path: p }) => format!("{}: в файле нет сертификата", path(p)),
    }
}

/// Something to fix about a certificate, with what to do.
pub fn eds_warning(w: &EdsWarning, lang: Lang) -> String {
    let day = |t: &DateTime<Utc>| date(t.with_timezone(&chrono_tz::Asia::Almaty).date_naive());
    match (lang, w) {
        (Lang::En, EdsWarning::Expired { since }) => format!(
            "warning: the certificate expired on {}: Court Cabinet will not accept it; get a new EDS at pki.gov.kz or a Public Service Centre",
            day(since)
        ),
        (Lang::Kk, EdsWarning::Expired { since }) => format!(
            "ескерту: сертификаттың мерзімі {} бітті: Сот кабинеті оны қабылдамайды; жаңа ЭЦҚ-ны pki.gov.kz сайтынан немесе ХҚКО-дан алыңыз",
            day(since)
        ),
        (Lang::Ru, EdsWarning::Expired { since }) => format!(
            "внимание: срок действия сертификата истёк {}: Судебный кабинет его не примет; получите новую ЭЦП на pki.gov.kz или в ЦОН",
            day(since)
        ),
        (Lang::En, EdsWarning::ExpiresSoon { days, on }) => {
            let days = if *days == 1 { "1 day".to_owned() } else { format!("{days} days") };
            format!("warning: the certificate expires in {days} ({}): renew it at pki.gov.kz", day(on))
        }
        (Lang::Kk, EdsWarning::ExpiresSoon { days, on }) => {
            format!("ескерту: сертификаттың мерзімі {days} күннен кейін ({}) бітеді: оны pki.gov.kz сайтында жаңартыңыз", day(on))
        }
        (Lang::Ru, EdsWarning::ExpiresSoon { days, on }) => {
            format!("внимание: срок действия сертификата истекает через {days} дн. ({}): продлите его на pki.gov.kz", day(on))
        }
        (Lang::En, EdsWarning::NotYetValid { from }) => {
            format!("warning: the certificate is valid only from {}: check the computer's date and time", day(from))
        }
        (Lang::Kk, EdsWarning::NotYetValid { from }) => {
            format!("ескерту: сертификат тек {} бастап жарамды: компьютердің күні мен уақытын тексеріңіз", day(from))
        }
        (Lang::Ru, EdsWarning::NotYetValid { from }) => {
            format!("внимание: сертификат действует только с {}: проверьте дату и время компьютера", day(from))
        }
        (Lang::En, EdsWarning::TestCertificate) => {
            "warning: this is a TEST certificate (issued by a test CA): Court Cabinet does not accept it; use your own EDS".into()
        }
        (Lang::Kk, EdsWarning::TestCertificate) => {
            "ескерту: бұл ТЕСТ сертификаты (тест куәландырушы орталығы берген): Сот кабинеті оны қабылдамайды; өз ЭЦҚ-ңызды қолданыңыз".into()
        }
        (Lang::Ru, EdsWarning::TestCertificate) => {
            "внимание: это ТЕСТОВЫЙ сертификат (выдан тестовым УЦ): Судебный кабинет его не примет; используйте свою ЭЦП".into()
        }
        (Lang::En, EdsWarning::InvalidIin { iin }) => {
            format!("warning: the IIN {iin} in the certificate fails the check digit: make sure this is your EDS")
        }
        (Lang::Kk, EdsWarning::InvalidIin { iin }) => {
            format!("ескерту: сертификаттағы ЖСН {iin} бақылау цифрынан өтпейді: бұл сіздің ЭЦҚ екенін тексеріңіз")
        }
        (Lang::Ru, EdsWarning::InvalidIin { iin }) => {
            format!("внимание: ИИН {iin} в сертификате не проходит проверку контрольной цифры: убедитесь, что это ваша ЭЦП")
        }
        (Lang::En, EdsWarning::InvalidBin { bin }) => {
            format!("warning: the BIN {bin} in the certificate fails the check digit: make sure this is your organisation's EDS")
        }
        (Lang::Kk, EdsWarning::InvalidBin { bin }) => {
            format!("ескерту: сертификаттағы БСН {bin} бақылау цифрынан өтпейді: бұл ұйымыңыздың ЭЦҚ екенін тексеріңіз")
        }
        (Lang::Ru, EdsWarning::InvalidBin { bin }) => {
            format!("внимание: БИН {bin} в сертификате не проходит проверку контрольной цифры: убедитесь, что это ЭЦП вашей организации")
        }
    }
}

/// A key algorithm by its standard's name.
pub fn key_algorithm(a: &KeyAlgorithm) -> String {
    match a {
        KeyAlgorithm::Rsa { bits: Some(bits) } => format!("RSA {bits}"),
        KeyAlgorithm::Rsa { bits: None } => "RSA".to_owned(),
        KeyAlgorithm::Gost2004 => "GOST 34.310-2004".to_owned(),
        KeyAlgorithm::Gost2015 => "GOST 34.10-2015 (512)".to_owned(),
        KeyAlgorithm::Other(oid) => oid.clone(),
    }
}

/// What a key is for, in the language.
pub fn purpose(p: Purpose, lang: Lang) -> &'static str {
    match (p, lang) {
        (Purpose::Authentication, Lang::En) => "authentication",
        (Purpose::Signing, Lang::En) => "signing",
        (Purpose::AuthenticationAndSigning, Lang::En) => "authentication and signing",
        (Purpose::Unknown, Lang::En) => "not stated",
        (Purpose::Authentication, Lang::Kk | Lang::Ru) => "аутентификация",
        (Purpose::Signing, Lang::Kk) => "қол қою",
        (Purpose::AuthenticationAndSigning, Lang::Kk) => "аутентификация және қол қою",
        (Purpose::Unknown, Lang::Kk) => "көрсетілмеген",
        (Purpose::Signing, Lang::Ru) => "подпись",
        (Purpose::AuthenticationAndSigning, Lang::Ru) => "аутентификация и подпись",
        (Purpose::Unknown, Lang::Ru) => "не указано",
    }
}

/// The human summary of `cert`.
pub fn certificate_summary(c: &CertificateSummary, warnings: &[EdsWarning], now: DateTime<Utc>, lang: Lang) -> String {
    let labels = match lang {
        Lang::En => [
            "Owner",
            "IIN",
            "BIN",
            "Organisation",
            "Issuer",
            "Serial",
            "Valid",
            "Days left",
            "Algorithm",
            "Purpose",
            "Role",
            "Item 1",
        ],
        Lang::Kk => [
            "Иесі",
            "ЖСН",
            "БСН",
            "Ұйым",
            "Берген",
            "Сериялық нөмір",
            "Мерзімі",
            "Қалған күн",
            "Алгоритм",
            "Мақсаты",
            "Рөлі",
            "1-тармақ",
        ],
        Lang::Ru => [
            "Владелец",
            "ИИН",
            "БИН",
            "Организация",
            "Издатель",
            "Серийный номер",
            "Срок",
            "Осталось дней",
            "Алгоритм",
            "Назначение",
            "Роль",
            "Пункт 1",
        ],
    };
    let day = |t: &DateTime<Utc>| date(t.with_timezone(&chrono_tz::Asia::Almaty).date_naive());
    let values = [
        Some(c.full_name.clone()),
        c.iin.clone(),
        c.bin.clone(),
        c.organization.clone(),
        Some(c.issuer.clone()),
        Some(c.serial.clone()),
        Some(format!("{} \u{2013} {}", day(&c.valid_from), day(&c.valid_to))),
        Some(c.days_left(now).to_string()),
        Some(key_algorithm(&c.algorithm)),
        Some(purpose(c.purpose, lang).to_owned()),
        c.role.clone(),
        Some(c.description()),
    ];
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let mut out: Vec<String> = labels
        .iter()
        .zip(values)
        .filter_map(|(label, value)| value.map(|v| format!("{:width$}{v}", format!("{label}:"))))
        .collect();
    out.extend(warnings.iter().map(|w| eds_warning(w, lang)));
    out.join("\n")
}

/// "valid" / "invalid".
pub fn validity_word(valid: bool, lang: Lang) -> &'static str {
    match (valid, lang) {
        (true, Lang::En) => "valid",
        (false, Lang::En) => "invalid",
        (true, Lang::Kk) => "жарамды",
        (false, Lang::Kk) => "жарамсыз",
        (true, Lang::Ru) => "корректный",
        (false, Lang::Ru) => "некорректный",
    }
}

/// What a failed sending attempt means, in plain words, and what happens next.
pub fn send_failure(failure: crate::mail::smtp::Failure, lang: Lang) -> &'static str {
    use crate::mail::smtp::Failure as F;
    match (failure, lang) {
        (F::Network, Lang::En) => {
            "The mail server cannot be reached (no network, or the connection broke). The message waits in the outbox and is sent again automatically."
        }
        (F::Network, Lang::Kk) => {
            "Пошта серверіне қосылу мүмкін болмады (желі жоқ немесе байланыс үзілді). Хат шығыс қалтасында күтеді және қайта автоматты түрде жіберіледі."
        }
        (F::Network, Lang::Ru) => {
            "Почтовый сервер недоступен (нет сети или соединение оборвалось). Письмо ждёт в исходящих и будет отправлено повторно автоматически."
        }
        (F::Timeout, Lang::En) => {
            "The mail server did not answer in time. The message waits in the outbox and is sent again automatically."
        }
        (F::Timeout, Lang::Kk) => {
            "Пошта сервері уақытында жауап бермеді. Хат шығыс қалтасында күтеді және қайта автоматты түрде жіберіледі."
        }
        (F::Timeout, Lang::Ru) => {
            "Почтовый сервер не ответил вовремя. Письмо ждёт в исходящих и будет отправлено повторно автоматически."
        }
        (F::TryLater, Lang::En) => {
            "The mail server is busy and asked to try later. The message waits in the outbox and is sent again automatically."
        }
        (F::TryLater, Lang::Kk) => {
            "Пошта сервері бос емес, кейінірек қайталауды сұрады. Хат шығыс қалтасында күтеді және қайта автоматты түрде жіберіледі."
        }
        (F::TryLater, Lang::Ru) => {
            "Почтовый сервер занят и просит повторить позже. Письмо ждёт в исходящих и будет отправлено повторно автоматически."
        }
        (F::Auth, Lang::En) => {
            "The mail server refused the login: check the user name and password (Gmail and Yandex need an app password). The message is kept in the outbox."
        }
        (F::Auth, Lang::Kk) => {
            "Пошта сервері кіруден бас тартты: пайдаланушы атын және құпиясөзді тексеріңіз (Gmail мен Yandex қолданба құпиясөзін талап етеді). Хат шығыс қалтасында сақталды."
        }
        (F::Auth, Lang::Ru) => {
            "Почтовый сервер отклонил вход: проверьте имя пользователя и пароль (Gmail и Яндекс требуют пароль приложения). Письмо сохранено в исходящих."
        }
        (F::Rejected, Lang::En) => {
            "The mail server refused the message. Read its answer below; the message is kept in the outbox, where you can save it as .eml."
        }
        (F::Rejected, Lang::Kk) => {
            "Пошта сервері хатты қабылдамады. Оның жауабын төменнен оқыңыз; хат шығыс қалтасында сақталды, оны .eml ретінде сақтауға болады."
        }
        (F::Rejected, Lang::Ru) => {
            "Почтовый сервер отклонил письмо. Его ответ приведён ниже; письмо сохранено в исходящих, его можно сохранить как .eml."
        }
        (F::Certificate, Lang::En) => {
            "The mail server's certificate is not trusted or is for another name. Check the server name, or add your organisation's CA certificate in the settings. The message is kept in the outbox."
        }
        (F::Certificate, Lang::Kk) => {
            "Пошта серверінің сертификатына сенім жоқ немесе ол басқа атқа берілген. Сервер атын тексеріңіз немесе баптауларда ұйымыңыздың CA сертификатын қосыңыз. Хат шығыс қалтасында сақталды."
        }
        (F::Certificate, Lang::Ru) => {
            "Сертификат почтового сервера не является доверенным или выдан на другое имя. Проверьте имя сервера или добавьте в настройках сертификат УЦ вашей организации. Письмо сохранено в исходящих."
        }
        (F::Settings, Lang::En) => {
            "The mail settings cannot work as they are (address, password, encryption or CA file). Fix them and send again; the message is kept in the outbox."
        }
        (F::Settings, Lang::Kk) => {
            "Пошта баптаулары осы күйінде жұмыс істемейді (мекенжай, құпиясөз, шифрлау немесе CA файлы). Оларды түзетіп, қайта жіберіңіз; хат шығыс қалтасында сақталды."
        }
        (F::Settings, Lang::Ru) => {
            "С такими настройками почты отправка невозможна (адрес, пароль, шифрование или файл УЦ). Исправьте их и отправьте снова; письмо сохранено в исходящих."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detect_summary_says_why_a_section_is_empty() {
        use crate::environment::{ProbeReport, render};
        let mut env = Environment::default();
        for (name, status) in [
            (ProbeName::Os, ProbeStatus::Found),
            (ProbeName::Browsers, ProbeStatus::NotFound),
            (ProbeName::Java, ProbeStatus::TimedOut),
            (ProbeName::NcaLayer, ProbeStatus::Failed("boom".into())),
        ] {
            env.probes.push(ProbeReport { name, status, reason: None, millis: 7 });
        }
        let lines = render::request_lines(&env);
        let en = detect_summary(&env, &lines, Lang::En);
        assert!(en.contains("Browsers: not found\n"), "{en}");
        assert!(en.contains("Java:     timed out\n"), "{en}");
        assert!(en.contains("NCALayer: NCALayer not installed\n"), "a failed check still shows what is known: {en}");
        assert!(en.contains("java timed out, 7 ms"), "{en}");
        let ru = detect_summary(&env, &lines, Lang::Ru);
        assert!(ru.contains("Java:     время истекло\n"), "{ru}");
        assert!(ru.contains("ncalayer ошибка: boom, 7 ms"), "{ru}");
        let kk = detect_summary(&env, &lines, Lang::Kk);
        assert!(kk.contains("browsers табылмады, 7 ms"), "{kk}");
    }

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_locale("kk_KZ"), Some(Lang::Kk));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        assert_eq!(Lang::from_locale("C"), None);
    }

    #[test]
    fn every_problem_has_distinct_texts_in_each_language() {
        let problems = [
            FieldProblem::Required,
            FieldProblem::TooLong { chars: 121, max: 120 },
            FieldProblem::Id(IdError::CheckDigitMismatch { expected: 1, found: 2 }),
            FieldProblem::NotAnEmail,
            FieldProblem::NotAMailbox,
            FieldProblem::NotAPhone,
            FieldProblem::NotADate,
            FieldProblem::NotADateTime,
            FieldProblem::InTheFuture,
            FieldProblem::EndsBeforeItBegins,
            FieldProblem::OnlyOneDate,
            FieldProblem::UnknownLanguage,
            FieldProblem::NoFromAddress,
            FieldProblem::NoFileName,
            FieldProblem::DuplicateFileName,
        ];
        for lang in Lang::ALL {
            let texts: std::collections::HashSet<_> = problems.iter().map(|p| field_problem(p, lang)).collect();
            assert_eq!(texts.len(), problems.len(), "{lang:?}");
        }
        for p in &problems {
            let by_lang: std::collections::HashSet<_> = Lang::ALL.iter().map(|&l| field_problem(p, l)).collect();
            assert_eq!(by_lang.len(), 3, "{p:?} is not translated");
        }
    }
}
