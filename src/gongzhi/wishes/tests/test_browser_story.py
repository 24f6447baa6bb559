"""Browser story (Debian Chromium): 王秀英 makes a small wish on her phone, 五美社区's staff approve it, it appears on
the public wish wall without her name, the hospital's liaison claims it from the wall and records that it was
delivered (with a photo); she confirms on her phone and thanks them, and the wall shows the wish come true."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from gongzhi.testing.browser import touch_height
from gongzhi.wishes.models import Wish, WishClaim

pytestmark = pytest.mark.browser

TITLE = "想要一台收音机，听听戏"
PHONE = "13812345678"


def _photo(path):
    image = Image.new("RGB", (480, 320), (250, 240, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((140, 110, 340, 230), fill=(150, 40, 40))  # a radio, roughly
    draw.ellipse((170, 140, 230, 200), fill=(60, 60, 60))
    draw.rectangle((250, 140, 320, 160), fill=(230, 200, 120))
    draw.line((300, 110, 360, 40), fill=(60, 60, 60), width=4)
    image.save(path, "PNG")
    return path


def test_a_wish_is_made_approved_claimed_fulfilled_and_confirmed(live_world, login_page, screenshot, live_server,
                                                                 browser, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"  # the photo stays out of var/
    w = live_world
    wall_url = f"{live_server.url}/board/{w.wumei.pk}/wishes/"

    # 1. The resident, on her phone: 首页 → 微心愿 → 许个心愿
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("微心愿").click()
    expect(phone).to_have_url(re.compile(r"/m/wishes/$"))  # waits for the navigation the click began
    phone.get_by_test_id("new-wish").click()
    phone.get_by_label("独居老人").check()
    phone.fill("#id_title", TITLE)
    phone.fill("#id_story", "老伴去年走了，一个人在家闷得慌，想听听桂剧。")
    submit = phone.get_by_role("button", name="提交心愿")
    assert touch_height(submit) >= 44  # a large touch target
    screenshot(phone, "wishes-01-resident-new-wish")
    submit.click()
    mine = phone.get_by_test_id("my-wish").first
    expect(mine).to_contain_text(TITLE)
    expect(mine).to_contain_text("待审核")
    screenshot(phone, "wishes-02-resident-my-wishes-submitted")
    wish = Wish.objects.get(title=TITLE)
    assert wish.channel == "online" and wish.community == w.wumei

    # 2. 五美社区's staff: 微心愿 → 待审核 → reword for the wall → 通过并上墙
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("微心愿").click()
    expect(staff.get_by_test_id("queue-tab")).to_contain_text("1")
    staff.get_by_test_id("queue-tab").click()
    row = staff.get_by_test_id("review-row").filter(has_text=TITLE)
    expect(row).to_contain_text("王秀英")
    expect(row).to_contain_text("本人手机发布")
    row.locator("input[name=public_title]").fill("想要一台收音机")
    screenshot(staff, "wishes-03-review-queue")
    row.get_by_test_id("approve").click()
    expect(staff.locator(".messages")).to_contain_text("已通过")
    wish.refresh_from_db()
    assert wish.status == "open" and wish.public_title == "想要一台收音机"

    # 3. The public wall, for anybody: no login, no name, no phone number
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        public = context.new_page()
        public.goto(wall_url)
        card = public.get_by_test_id("wall-wish").filter(has_text="想要一台收音机")
        expect(card).to_contain_text("五美社区 · 一位独居老人")
        html = public.content()
        assert "王秀英" not in html and PHONE not in html and "5678" not in html and "桂剧" not in html
        screenshot(public, "wishes-04-public-wall-open")
        card.get_by_test_id("claim-button").click()  # not logged in: the login page first
        expect(public).to_have_url(re.compile(r"/accounts/login/"))
    finally:
        context.close()

    # 4. The hospital's liaison claims it from the wall
    liaison = login_page("hospital_liaison")
    liaison.goto(wall_url)
    liaison.get_by_test_id("wall-wish").filter(has_text="想要一台收音机").get_by_test_id("claim-button").click()
    expect(liaison).to_have_url(re.compile(rf"/workbench/wishes/{wish.pk}/claim/"))
    expect(liaison.get_by_test_id("claim-form")).to_contain_text("14 天内")
    screenshot(liaison, "wishes-05-liaison-claim")
    liaison.get_by_test_id("claim-submit").click()
    expect(liaison.locator(".messages")).to_contain_text("认领成功")
    expect(liaison.get_by_test_id("claim")).to_contain_text("桂林市中医医院")
    expect(liaison.get_by_test_id("resident")).to_contain_text("138****5678")  # the holder: name, masked phone
    claim = WishClaim.objects.get(wish=wish)
    assert claim.organisation == w.hospital and claim.status == "active"

    # 5. … and records the delivery with a photo
    liaison.get_by_test_id("fulfil-link").click()
    liaison.fill("#id_note", "11月21日上午医院党员志愿者把收音机送到老人家中，调好了桂剧频道。")
    liaison.set_input_files("#id_photo", str(_photo(tmp_path / "radio.png")))
    screenshot(liaison, "wishes-06-liaison-fulfil")
    liaison.get_by_test_id("fulfil-submit").click()
    expect(liaison.get_by_test_id("wish-status")).to_contain_text("待确认")
    # the photo is decoded in the browser: wait for it to load rather than reading its width at once
    expect(liaison.locator("img.w-photo")).to_have_js_property("naturalWidth", 480)
    screenshot(liaison, "wishes-07-liaison-fulfilled")

    # 6. On her phone she confirms and thanks them
    phone.goto(f"{live_server.url}/m/wishes/")
    phone.get_by_test_id("my-wish").first.click()
    expect(phone.get_by_test_id("timeline")).to_contain_text("认领方登记心愿已完成")
    screenshot(phone, "wishes-08-resident-confirm")
    phone.get_by_test_id("confirm").click()
    expect(phone.locator("#id_note")).to_be_visible()
    phone.fill("#id_note", "谢谢中医院的好心人，收音机很好用，天天听戏！")
    phone.get_by_test_id("thank").click()
    expect(phone.get_by_test_id("wish-status")).to_contain_text("已圆梦")
    expect(phone.get_by_test_id("thanks")).to_contain_text("天天听戏")
    screenshot(phone, "wishes-09-resident-thanked")
    wish.refresh_from_db()
    assert wish.status == "confirmed" and wish.confirmed_by == w.resident

    # 7. The wall shows the wish come true, with her thanks and who made it happen
    liaison.goto(wall_url)
    done = liaison.locator("[data-section=confirmed]").get_by_test_id("wall-wish")
    expect(done).to_contain_text("天天听戏")
    expect(done).to_contain_text("桂林市中医医院")
    expect(liaison.get_by_test_id("count-confirmed")).to_have_text("1")
    expect(liaison.locator("body")).not_to_contain_text("王秀英")
    screenshot(liaison, "wishes-10-public-wall-confirmed")

    # 8. Months later the photo's file on the server is damaged: neither she nor the liaison gets altered bytes, but
    #    a page saying the document was withheld and why (core.frozen, ADR 0024)
    from django.core.files.storage import default_storage

    claim.refresh_from_db()
    with open(default_storage.path(claim.photo.name), "ab") as stored:
        stored.write(b"tampered")
    photo_url = f"{live_server.url}/wishes/photos/{claim.pk}/"
    for page, name in ((phone, "wishes-11-resident-photo-withheld"), (liaison, "wishes-12-liaison-photo-withheld")):
        answer = page.goto(photo_url)
        assert answer.status == 500
        expect(page.locator("body")).to_contain_text("文件校验未通过")
        expect(page.get_by_test_id("error-page")).to_contain_text("请联系平台管理员从备份中恢复")
        screenshot(page, name)
