"""The one text module: structured reasons put into English and Chinese, local times, durations.

The station's zone is Asia/Shanghai in these tests (UTC+8 all year), so a
time printed in UTC can't pass for the local one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from verifier_app.dl1.bundle import DocumentStatus
from verifier_app.dl1.credential import LicenceStatus
from verifier_app.verify import text
from verifier_app.verify.reasons import Reason, ReasonCode, Severity
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW, verifier_for

SECOND = dt.timedelta(seconds=1)
SHANGHAI = dt.timedelta(hours=8)  # Asia/Shanghai has had no summer time since 1991




def wall(value: dt.datetime) -> str:
    """The Shanghai wall-clock text of an aware time, computed by hand (no zone database)."""
    return (value.astimezone(dt.timezone.utc) + SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def latin_words(message: str, *allowed: str) -> list[str]:
    """Runs of Latin letters left in a message once the given values (codes, ids) are removed."""
    for value in sorted(allowed, key=len, reverse=True):
        message = message.replace(value, "")
    return re.findall(r"[A-Za-z]+", message.replace("UTC", ""))


# ------------------------------------------------------------ durations


@pytest.mark.parametrize(
    "seconds, en, zh",
    [
        (0, "0 s", "0 秒"),
        (119, "119 s", "119 秒"),
        (120, "2 min 0 s", "2 分 0 秒"),
        (604, "10 min 4 s", "10 分 4 秒"),
        (7199, "119 min 59 s", "119 分 59 秒"),
        (7200, "2 h 0 min", "2 小时 0 分"),
        (172799, "47 h 59 min", "47 小时 59 分"),
        (172800, "2 days", "2 天"),
        (-61, "61 s", "61 秒"),
    ],
)
def test_durations_in_both_languages(seconds, en, zh):
    assert text.duration_text(seconds, "en") == en
    assert text.duration_text(seconds, "zh") == zh


def test_ago_is_localised():
    assert text.ago_text(604, "en") == "10 min 4 s ago"
    assert text.ago_text(604, "zh") == "10 分 4 秒前"


# ---------------------------------------------------------------- times


def test_local_time_is_the_station_zone_with_its_offset(shanghai):
    moment = dt.datetime(2026, 12, 3, 12, 42, 5, tzinfo=dt.timezone.utc)
    assert text.local_time_text(moment) == "2026-12-03 20:42:05 (UTC+08:00)"
    assert text.local_time_text(moment, "zh", zone=False) == "2026-12-03 20:42:05"
    assert text.zone_label(moment) == "UTC+08:00"
    assert "12:42" not in text.local_time_text(moment, "zh")


def test_zone_label_of_other_offsets():
    moment = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.timezone.utc)
    assert text.zone_label(moment, tz=dt.timezone(-dt.timedelta(hours=3, minutes=30))) == "UTC-03:30"
    assert text.zone_label(moment, tz=dt.timezone.utc) == "UTC+00:00"
    assert text.local_time_text(moment, tz=dt.timezone(dt.timedelta(hours=5, minutes=45)),
                                seconds=False) == "2026-12-03 17:45 (UTC+05:45)"


def test_a_naive_time_is_refused_not_guessed():
    with pytest.raises(ValueError):
        text.local_time_text(dt.datetime(2026, 12, 3, 12, 0))


# --------------------------------------------------------------- names


def test_chinese_names_have_no_space_latin_names_one():
    assert text.person_name("王", "小明") == "王小明"
    assert text.person_name("欧阳", "娜娜") == "欧阳娜娜"
    assert text.person_name("Smith", "Anna") == "Smith Anna"
    assert text.person_name("王", "Anna") == "王 Anna"


# ------------------------------------------------------- reasons from the engine


def test_stale_code_reason_carries_seconds_and_reads_in_both_languages(station, authority, licence):
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - 604 * SECOND))
    stale = result.reasons[0]
    assert stale.code is ReasonCode.QR_STALE
    assert stale.params["age_s"] == pytest.approx(604) and stale.params["limit_s"] == 180
    assert "10 min 4 s ago" in stale.message("en") and "3 min 0 s" in stale.message("en")
    zh = stale.message("zh")
    assert "10 分 4 秒前" in zh and "3 分 0 秒" in zh
    assert latin_words(zh) == [], zh


def test_reason_json_carries_the_structured_parameters(station, authority, licence):
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - 604 * SECOND))
    data = result.to_json(lang="zh")["reasons"][0]
    assert data["code"] == "qr_stale"
    assert data["params"]["age_s"] == pytest.approx(604) and data["params"]["limit_s"] == 180
    assert "10 分 4 秒前" in data["message"]


def test_code_from_the_future_names_how_far_ahead(station, authority, licence):
    reason = verifier_for(station).verify(authority.issue(licence, at=NOW + 125 * SECOND)).reasons[0]
    assert reason.code is ReasonCode.QR_FROM_FUTURE and reason.params["ahead_s"] == pytest.approx(125)
    assert "2 min 5 s" in reason.message() and "2 分 5 秒" in reason.message("zh")


def test_expiry_time_in_a_reason_is_local(shanghai, station, authority, licence):
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - 400 * SECOND, ttl_s=300))
    expired = next(r for r in result.reasons if r.code is ReasonCode.PRESENTATION_EXPIRED)
    assert expired.params["expired_at"] == result.expires_at
    local = wall(result.expires_at)
    utc = result.expires_at.astimezone(dt.timezone.utc).strftime("%H:%M:%S")
    for lang in ("en", "zh"):
        message = expired.message(lang)
        assert f"{local} (UTC+08:00)" in message and utc not in message, message
    assert latin_words(expired.message("zh")) == []


def test_category_not_valid_today_in_chinese_has_no_english(station, authority, licence):
    privileges = (dataclasses.replace(licence.driving_privileges[0], expiry_date=dt.date(2025, 1, 1)),)
    text_ = authority.issue(dataclasses.replace(licence, driving_privileges=privileges), at=NOW)
    reason = verifier_for(station, required_category="c1").verify(text_).reasons[0]
    assert reason.params == {"category": "C1", "lapsed": True}
    assert "not valid today" in reason.message("en")
    zh = reason.message("zh")
    assert "今日不在有效期内" in zh and latin_words(zh, "C1") == [], zh
    absent = verifier_for(station, required_category="A1").verify(text_).reasons[0]
    assert absent.params["lapsed"] is False and "today" not in absent.message("en")


def test_clock_behind_reason_is_a_local_time_in_words(shanghai, station, authority, licence):
    early = NOW - dt.timedelta(hours=3)
    reason = verifier_for(station, now=early).verify(authority.issue(licence, at=early)).reasons[0]
    assert reason.code is ReasonCode.CLOCK_UNTRUSTED and reason.params["floor"] == "bundle_issued"
    floor_at = reason.params["floor_at"]
    assert isinstance(floor_at, dt.datetime)
    for lang in ("en", "zh"):
        assert f"{wall(floor_at)} (UTC+08:00)" in reason.message(lang)
    assert "trust bundle's issue time" in reason.message("en")
    assert latin_words(reason.message("zh")) == []


def test_listed_document_reason_has_a_date_and_a_status(tmp_path, authority, licence):
    store = StationStore(tmp_path / "listing")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(
        now=NOW - dt.timedelta(hours=1),
        documents={licence.document_number: DocumentStatus(LicenceStatus.SUSPENDED, dt.date(2026, 11, 1))}))
    reason = verifier_for(store).verify(authority.issue(licence, at=NOW)).reasons[0]
    assert reason.params["since"] == dt.date(2026, 11, 1) and reason.params["status"] == "suspended"
    assert "as suspended since 2026-11-01" in reason.message("en")
    zh = reason.message("zh")
    assert "2026-11-01" in zh and "暂扣" in zh and latin_words(zh, licence.document_number) == []


def test_parser_words_stay_out_of_the_messages(station):
    reason = verifier_for(station).verify("DL1:!!!").reasons[0]
    assert "Base45" not in reason.message("en") + reason.action("en")
    assert latin_words(reason.message("zh")) == []
    assert "Base45" in (reason.technical_detail or "")
    assert "Base45" in reason.to_json("zh")["params"]["detail"]


def test_cli_shows_the_parser_words_on_their_own_line(station):
    from verifier_app.cli.output import format_result

    result = verifier_for(station).verify("DL1:!!!")
    lines = format_result("stdin:1", result, "en").splitlines()
    assert [line for line in lines if "Base45" in line] == [f"      details: {result.reasons[0].technical_detail}"]


def test_elapsed_time_is_not_rounded_up():
    assert text.ago_text(604.9, "en") == "10 min 4 s ago"
    assert text.duration_text(119.99, "zh") == "119 秒"


# Realistic parameters for every code: the Chinese sentences must hold no English words.
_PARAMS: dict[str, dict] = {
    "no_code_found": {"input": "照片.png"},
    "unknown_key": {"kid": "d10d45890f8194f8"},
    "signer_not_valid_at_iat": {"not_before": NOW, "not_after": NOW, "generated_at": NOW},
    "issuer_mismatch": {"claimed": "CN-SH", "signer": None},
    "qr_stale": {"age_s": 604.0, "limit_s": 180},
    "qr_from_future": {"ahead_s": 3600.0},
    "presentation_expired": {"expired_at": NOW},
    "licence_expired": {"date": dt.date(2026, 1, 1)},
    "licence_not_yet_valid": {"date": dt.date(2027, 1, 1)},
    "status_other": {"status": "overdue_inspection"},
    "document_listed": {"number": "BJ2026000001", "status": "revoked", "since": dt.date(2026, 1, 1)},
    "category_missing": {"category": "C1", "lapsed": True},
    "trust_bundle_stale": {"next_update": NOW},
    "status_listed": {"status": "revoked", "list_date": dt.date(2026, 11, 25), "index": 5, "version": 3},
    "status_list_missing": {"uri": "https://status.example/cn-bj/licences", "index": 5},
    "status_list_stale": {"expired_at": NOW, "version": 3},
    "clock_untrusted": {"floor": "code_accepted", "floor_at": NOW},
    "malformed": {"detail": "bad Base45: character '!' is not Base45"},
    "unsupported_format": {"detail": "algorithm -35 is not ES256 or EdDSA"},
    "input_too_long": {"length_chars": 200_000, "limit_chars": 65_536},
}


@pytest.mark.parametrize("code", list(ReasonCode), ids=lambda c: c.value)
def test_every_chinese_reason_is_free_of_english(shanghai, code):
    params = _PARAMS.get(code.value, {})
    reason = Reason(code, params)
    values = [v for v in params.values() if isinstance(v, str) and v not in ("revoked", "overdue_inspection",
                                                                              "code_accepted")]
    zh = reason.message("zh") + reason.action("zh")
    assert "?" not in reason.message("en") + reason.message("zh"), "a parameter has no value"
    assert latin_words(zh, *values) == [], zh
    assert reason.message("en") != reason.message("zh")
    assert text.reason_title(code, "zh") != text.reason_title(code, "en")


def test_unknown_signer_is_a_word_in_each_language():
    reason = Reason(ReasonCode.ISSUER_MISMATCH, {"claimed": "CN-SH", "signer": None})
    assert "signed by unknown" in reason.message("en")
    assert "未知" in reason.message("zh")
    assert reason.to_json()["params"] == {"claimed": "CN-SH", "signer": None}


def test_json_params_keep_numbers_and_write_times_in_utc():
    moment = dt.datetime(2026, 12, 3, 20, 42, 5, tzinfo=dt.timezone(SHANGHAI))
    params = text.json_params({"age_s": 604.04, "limit_s": 180, "at": moment, "day": dt.date(2026, 1, 2),
                               "lapsed": True})
    assert params == {"age_s": 604.0, "limit_s": 180, "at": "2026-12-03T12:42:05+00:00", "day": "2026-01-02",
                      "lapsed": True}


# ------------------------------------------------------------- the command line's text


def test_cli_result_text_is_local_and_in_the_chosen_language(shanghai, station, authority, licence):
    from verifier_app.cli.output import format_result

    result = verifier_for(station).verify(authority.issue(licence, at=NOW - 604 * SECOND, ttl_s=300))
    assert result.codes == ("qr_stale", "presentation_expired")  # two times: the offset is still written once
    generated, expired = wall(result.generated_at), wall(result.expires_at)
    utc = result.generated_at.astimezone(dt.timezone.utc).strftime("%H:%M:%S")
    en = format_result("qr.png", result, "en")
    assert f"Code generated {generated} (UTC+08:00), 10 min 4 s ago; accepted up to 3 min 0 s" in en
    assert f"expired at {expired}." in en
    assert en.count("UTC+08:00") == 1 and utc not in en
    zh = format_result("qr.png", result, "zh")
    assert f"二维码生成于 {generated} (UTC+08:00)（10 分 4 秒前；有效时间 3 分 0 秒）" in zh
    assert zh.count("UTC+08:00") == 1
    assert "王小明" in zh and "无效" in zh
    for line in zh.splitlines()[1:]:
        if "签名方" not in line:  # the signer's subject is the certificate's own text
            categories = [p.vehicle_category_code for p in licence.driving_privileges]
            assert latin_words(line, "[x]", "BJ2026000001", "CN-BJ", *categories) == [], line


# ------------------------------------------------- the status field, agreeing with the verdict


def test_a_listed_status_comes_first_and_the_codes_claim_only_as_a_claim():
    since = dt.date(2026, 10, 1)
    assert text.licence_status_text("valid", "en") == "valid"
    assert text.licence_status_text("valid", "en", listed="revoked", since=since) == \
        "revoked since 2026-10-01 (the code says: valid)"
    assert text.licence_status_text("valid", "zh", listed="revoked", since=since) == "自 2026-10-01 起吊销（二维码所载：有效）"
    assert text.licence_status_text("suspended", "en", listed="suspended", since=since) == "suspended since 2026-10-01"
    assert text.licence_status_text(None, "en", listed="revoked", since=since) == "revoked since 2026-10-01"  # barcode
    assert text.status_parts("valid", "en", listed="suspended", since=since) == \
        ("suspended since 2026-10-01", "the code says: valid")


@pytest.fixture
def revoked_station(tmp_path, authority, licence):
    store = StationStore(tmp_path / "listing")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1), documents={
        licence.document_number: DocumentStatus(LicenceStatus.REVOKED, dt.date(2026, 10, 1))}))
    return store


def test_cli_status_of_a_licence_revoked_in_the_bundle(shanghai, revoked_station, authority, licence):
    from verifier_app.cli.output import format_result

    result = verifier_for(revoked_station).verify(authority.issue(licence, at=NOW))
    assert result.verdict.value == "invalid" and licence.status is LicenceStatus.VALID
    en = format_result("qr.png", result, "en")
    assert "Status: revoked since 2026-10-01 (the code says: valid)" in en
    assert "Status: valid" not in en
    zh = format_result("qr.png", result, "zh")
    assert "状态：自 2026-10-01 起吊销（二维码所载：有效）" in zh
    barcode = format_result("scan", verifier_for(revoked_station).verify(f"DLN:{licence.document_number}"), "en")
    assert "Status: revoked since 2026-10-01" in barcode and "the code says" not in barcode


# ----------------------------------------------- what to do: the desk first, the administrator after

# An administrator's jobs, as an action names them; each must be asked of the administrator.
_ADMIN_JOBS = {"en": ("install", "import", "set this laptop", "set it", "update this verifier"),
               "zh": ("安装", "导入", "校正", "更新本验证程序")}
_ADMINISTRATOR = {"en": "administrator", "zh": "管理员"}
# What an officer can do with the holder standing there.
_DESK_STEPS = {"en": ("don't accept", "Do not accept", "Ask the holder", "verify the licence another way"),
               "zh": ("不要", "请持证人", "其他方式核验")}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("code", list(ReasonCode), ids=lambda c: c.value)
def test_an_administrators_job_is_asked_of_the_administrator_after_the_desks_step(code, lang):
    action = Reason(code, _PARAMS.get(code.value, {})).action(lang)
    jobs = [action.lower().index(job) for job in _ADMIN_JOBS[lang] if job in action.lower()]
    if not jobs:
        return
    admin = action.find(_ADMINISTRATOR[lang])
    assert 0 <= admin < min(jobs), f"an administrator's job told to the officer: {action}"
    if code.severity is Severity.WARNING:  # the verdict stands: nothing changes at the desk
        return
    steps = [action.index(step) for step in _DESK_STEPS[lang] if step in action]
    assert steps and min(steps) < admin, f"nothing for the desk before the administrator: {action}"


@pytest.mark.parametrize("code", [ReasonCode.UNKNOWN_KEY, ReasonCode.NO_TRUST_INSTALLED,
                                  ReasonCode.CLOCK_UNTRUSTED, ReasonCode.UNTRUSTED_CHAIN])
def test_a_code_the_station_cant_check_is_not_proof(code):
    reason = Reason(code, _PARAMS.get(code.value, {}))
    assert "verify the licence another way" in reason.action("en")
    assert "其他方式核验驾驶证" in reason.action("zh")
