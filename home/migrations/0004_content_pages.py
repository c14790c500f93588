"""The about page, the accessibility statement and the privacy notice get their real content.

0002 created each with one line. Here each gets the content a public-sector site needs, written
to match docs/data-protection.md and what the site does, but only if the page is still exactly
as 0002 left it: no revision saved in the admin and the same one-line body. Anything an editor
has touched is left alone.

The contact details and the retention periods are blocks, not text: they show the site settings
and the deployment's settings as they are when the page is read.
"""

import json

from django.db import migrations

UPDATED = "30 November 2026"

# What 0002 wrote, to recognise a page nobody has edited since.
ORIGINAL_TEXT = {
    "about": (
        "Creative Minds works with more than 120 community partners, from football clubs to "
        "choirs and allotments, so that people who use health services can take part in "
        "activities alongside everyone else. You do not need a referral for most activities."
    ),
    "accessibility-statement": (
        "We want as many people as possible to be able to use this website. It is built to meet "
        "the Web Content Accessibility Guidelines version 2.2 at level AA. Every page works "
        "without JavaScript. If you find a problem, please contact us and we will reply within "
        "5 working days."
    ),
    "privacy": (
        "When you search for activities we do not keep your postcode. We only use it to show "
        "activities near you."
    ),
}


def heading(text):
    return {"type": "heading", "value": text}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def bullets(*items):
    return paragraph("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def contact_details():
    return {"type": "contact_details", "value": None}


def retention():
    return {"type": "retention", "value": None}


ABOUT = (
    "We help people who use health services take part in creative, sport and leisure activities.",
    [
        paragraph(
            "<p>Creative Minds is a charity hosted by South West Yorkshire Partnership NHS Foundation "
            "Trust. We link people who use, or have used, health services with creative, sport and "
            "leisure activities in their community.</p>"
            "<p>We work with more than 120 community partners, from football club charities and "
            "choirs to climbing walls, arts groups and allotments. People take part alongside "
            "everyone else. Everyone is welcome.</p>"
        ),
        heading("Where we work"),
        paragraph("<p>We work in 4 areas:</p>"),
        bullets(
            '<a href="/activities/?locality=barnsley">Barnsley</a>',
            '<a href="/activities/?locality=calderdale">Calderdale</a>',
            '<a href="/activities/?locality=kirklees">Kirklees</a>',
            '<a href="/activities/?locality=wakefield">Wakefield</a>',
        ),
        heading("How to take part"),
        bullets(
            '<a href="/activities/">Find an activity</a> near you. You can search by postcode, type '
            "of activity, day and time.",
            "Most activities are open to everyone. You can just go along, or contact the group first.",
            'On many activity pages you can choose "Ask to join". Leave your name and one way to '
            "contact you, and someone from the group will get in touch to welcome you. You do not "
            "need a referral from a doctor.",
            "If you see NHS staff, you can ask them about Creative Minds. Some of them are champions, "
            "who can refer you to an activity and help you get started.",
        ),
        heading("Our partners"),
        paragraph(
            "<p>Our partners are community groups, charities, sports clubs and arts organisations. "
            'They run the activities and welcome new people. <a href="/partners/">See all our '
            "partners</a>.</p>"
        ),
        heading("Champions"),
        paragraph(
            "<p>Champions are staff at South West Yorkshire Partnership NHS Foundation Trust. They "
            "tell people about Creative Minds and, if a person agrees, refer them to an activity. "
            "They can see what happens next, so nobody is left waiting.</p>"
        ),
        heading("Collectives"),
        paragraph(
            "<p>Each area has a collective. It is a group of people with lived experience of mental "
            "health problems, carers, trust staff and people from local communities. Together they "
            "decide which of our partners' projects get match funding from their area's budget.</p>"
            '<p><a href="/funded-projects/">See the projects we have funded</a>.</p>'
            '<p>If you would like to be part of your area\'s collective, <a href="/collectives/join/">'
            "ask to join a collective</a>.</p>"
        ),
        heading("The difference it makes"),
        paragraph(
            "<p>We ask people how they have been feeling when they start an activity, and again "
            'about 12 weeks later. <a href="/impact/">See our impact</a>.</p>'
        ),
        heading("Contact us"),
        contact_details(),
    ],
)

ACCESSIBILITY = (
    "How accessible this website is, and how to tell us about a problem.",
    [
        paragraph(
            "<p>This accessibility statement applies to the Creative Minds website. That includes "
            "finding activities, asking to join them, the wellbeing questions, and the pages for "
            "partners, champions and collective members.</p>"
            "<p>This website is run by Creative Minds, a charity hosted by South West Yorkshire "
            "Partnership NHS Foundation Trust. We want as many people as possible to be able to use "
            "it. For example, that means you should be able to:</p>"
        ),
        bullets(
            "change colours, contrast levels and fonts using your browser or device settings",
            "zoom in up to 400% without the text spilling off the screen",
            "get around the website using just a keyboard",
            "get around the website using speech recognition software",
            "listen to the website using a screen reader",
            "use every page with JavaScript turned off",
        ),
        paragraph(
            "<p>We have also made the text as simple as possible to understand.</p>"
            '<p><a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your '
            "device easier to use if you have a disability.</p>"
        ),
        heading("How accessible this website is"),
        paragraph("<p>We know some parts of this website are not fully accessible:</p>"),
        bullets(
            "if you are signed in, you are signed out after 8 hours without a warning first, and "
            "anything you have not saved is lost",
            "some photos of activities may not have a useful text description",
            "we have not fully tested the tools Creative Minds staff use to edit the website",
        ),
        paragraph(
            "<p>We have not yet had this website checked by an accessibility specialist, or tested "
            "it with disabled people.</p>"
        ),
        heading("Feedback and contact information"),
        paragraph(
            "<p>If you need information on this website in a different format, like large print, "
            "easy read, an audio recording or braille, contact us:</p>"
        ),
        contact_details(),
        paragraph("<p>We will consider your request and get back to you within 5 working days.</p>"),
        heading("Reporting accessibility problems with this website"),
        paragraph(
            "<p>We are always looking to improve the accessibility of this website. If you find a "
            "problem that is not listed on this page, or you think we are not meeting accessibility "
            "requirements, contact us using the details above. Tell us the web address of the page "
            "and what went wrong.</p>"
        ),
        heading("Enforcement procedure"),
        paragraph(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the \u2018accessibility regulations\u2019). If you are not happy with "
            "how we respond to your complaint, contact the "
            '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
            "Service (EASS)</a>.</p>"
        ),
        heading("Technical information about this website\u2019s accessibility"),
        paragraph(
            "<p>Creative Minds is committed to making its website accessible, in line with the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018.</p>"
            "<h3>Compliance status</h3>"
            '<p>This website is partially compliant with the <a href="https://www.w3.org/TR/WCAG22/">'
            "Web Content Accessibility Guidelines version 2.2</a> AA standard, because of the "
            "non-compliances listed below.</p>"
        ),
        heading("Non-accessible content"),
        paragraph(
            "<p>The content listed below is not accessible for the following reasons.</p>"
            "<h3>Non-compliance with the accessibility regulations</h3>"
            "<p>If you are signed in, you are signed out after 8 hours, or when you close your "
            "browser, without a warning first. Anything you have not saved is lost. This fails WCAG "
            "2.2 success criterion 2.2.1 (timing adjustable). We plan to warn people before this "
            "happens and let them stay signed in.</p>"
            "<p>An activity's photo is described by its title unless the person who added it wrote "
            "a description. Some titles do not describe the photo. This fails WCAG 2.2 success "
            "criterion 1.1.1 (non-text content). We plan to check every photo's description.</p>"
            "<h3>Content that is not within the scope of the accessibility regulations</h3>"
            "<p>Activity pages link to OpenStreetMap to show where an activity is. Online maps are "
            "exempt from the accessibility regulations. The address is always written out on the "
            "activity page.</p>"
        ),
        heading("What we are doing to improve accessibility"),
        paragraph(
            "<p>Every time we change this website, automated tests check its pages in a web browser "
            "with axe, an accessibility testing tool, at desktop and phone sizes. They also check "
            "that error messages take you to the answer that needs correcting. A change cannot go "
            "live while these tests find a serious problem.</p>"
        ),
        heading("Preparation of this accessibility statement"),
        paragraph(
            f"<p>This statement was prepared on {UPDATED}. It was last reviewed on {UPDATED}.</p>"
            f"<p>This website was last tested on {UPDATED}. The test was carried out by the people "
            "who build the website, using automated tests. They checked the home page, activity "
            "search, activity and partner pages, asking to join, the wellbeing questions, the "
            "privacy notice, this statement, the impact page, and the pages for partners, champions "
            "and collective members. We chose these pages because they are the ones people use "
            "most, and the ones people use to give us information.</p>"
        ),
    ],
)

PRIVACY = (
    "What information we keep about you, why, for how long, and your rights.",
    [
        paragraph(
            "<p>This notice explains what information Creative Minds keeps about you when you use "
            "this website, ask to join an activity or are referred to one. It also explains your "
            "rights and how to use them.</p>"
        ),
        heading("Who we are"),
        paragraph(
            "<p>Creative Minds is a charity hosted by South West Yorkshire Partnership NHS "
            "Foundation Trust. The trust is responsible for the information we keep about you. In "
            "data protection law, this makes it the data controller.</p>"
            "<p>The trust has a Data Protection Officer, who makes sure we follow the law. To "
            "contact them, or to get the trust's registration number with the Information "
            "Commissioner's Office (ICO), ask us using the contact details on this page.</p>"
        ),
        heading("If you only look at this website"),
        paragraph(
            "<p>You do not need to tell us anything to find an activity. If you search near a "
            "postcode, we use it only to show activities near you. We do not keep it.</p>"
            "<p>We do not use cookies to track you, and we do not use analytics or advertising. "
            "The website sets a cookie only to keep a form secure when you fill it in, or to keep "
            "you signed in.</p>"
        ),
        heading("If you ask to join an activity"),
        paragraph("<p>When you ask to join an activity on this website, we ask for:</p>"),
        bullets(
            "the name you like to be called",
            "one way to contact you: a phone number or an email address",
            "anything that would help you take part, if you want to tell us",
        ),
        paragraph(
            "<p>We pass these details to the group that runs the activity, so they can get in "
            "touch and welcome you. We do not ask about your health. Please do not tell us about a "
            "diagnosis or medicines.</p>"
            "<p>If you give us an email address, we send you an email to confirm your request.</p>"
            "<p>To stop spam, we count the requests that come from each internet address for an "
            "hour. We do not keep the address with your request.</p>"
        ),
        heading("If someone refers you"),
        paragraph(
            "<p>A member of NHS staff, called a champion, can refer you to an activity if you agree. "
            "They give us the same details, and may add a short note for the group, for example that "
            "they will come with you the first time. Your champion can see what happens to your "
            "referral.</p>"
        ),
        heading("If you join a group"),
        paragraph(
            "<p>When you join, you get a participant code, like CM-7KX4-2PQ9. It is random and says "
            "nothing about you. The group records the dates you come against your code.</p>"
            "<p>We ask you 7 short questions about how you have been feeling: when you join, and "
            "about 12 weeks later. You do not have to answer. Your answers are kept with your code, "
            "not your name. Nobody at the group sees them.</p>"
            '<p>We publish figures about groups of people on our <a href="/impact/">impact page</a>. '
            "Numbers from 1 to 7 are never shown, other numbers are rounded, and changes in "
            "wellbeing are only shown for groups of 30 people or more. Nobody can be picked out.</p>"
        ),
        heading("If you have an account"),
        paragraph(
            "<p>Champions, the people who run groups, collective members and our staff have "
            "accounts. We keep their name, email address and a scrambled copy of their password. "
            "For champions we also keep their team, their area and a work phone number. To keep "
            "accounts safe, we record each time someone signs in or gets their password wrong, "
            "with the internet address it came from.</p>"
        ),
        heading("Who can see your information"),
        bullets(
            "the group you asked to join: your name, how to contact you and anything you told us "
            "about support you need",
            "your champion, if they referred you: what they sent us and what has happened since",
            "the Creative Minds coordinator for your area, and Creative Minds staff who look after "
            "referrals",
        ),
        paragraph(
            "<p>Nobody sees your answers to the wellbeing questions on this website. We do not sell "
            "your information or use it for marketing. We keep a record of who looks at or changes "
            "your referral, and when.</p>"
        ),
        heading("Our legal reasons for using your information"),
        paragraph(
            "<p>Data protection law says we must have a reason, called a lawful basis, to use your "
            "information. Ours are:</p>"
        ),
        bullets(
            "your name, contact details and support needs: your consent (UK GDPR Article 6(1)(a)). "
            "A referral can suggest that you use mental health services, so we also treat it as your "
            "explicit consent to use health information (Article 9(2)(a))",
            "your answers to the wellbeing questions: your explicit consent (Articles 6(1)(a) and "
            "9(2)(a)), which you give on the page with the questions",
            "your participant code and the dates you came: the consent you gave for us to share your "
            "details with the group",
            "accounts, and our record of who looked at or changed what: our public task of running "
            "the service and keeping it safe (Article 6(1)(e))",
        ),
        paragraph(
            "<p>Taking part never depends on your consent. You can join most activities without a "
            "referral. You can say no to the wellbeing questions, and it makes no difference to "
            "your place in the group.</p>"
        ),
        heading("How long we keep your information"),
        retention(),
        heading("Your rights"),
        paragraph("<p>You have the right to:</p>"),
        bullets(
            "get a copy of the information we keep about you",
            "ask us to correct information that is wrong",
            "ask us to delete your information. When we use it because you gave your consent, we will",
            "object to how we use your information",
            "withdraw your consent at any time. We then delete your contact details, or your "
            "wellbeing answers, straight away",
            "ask us to stop using your information while we look into a concern you have raised",
        ),
        paragraph(
            "<p>To use any of these rights, tell your champion or the group, or contact us using the "
            "details on this page. We may ask you to show us who you are. We will reply within one "
            "month.</p>"
        ),
        heading("How to complain"),
        paragraph(
            "<p>If you are unhappy with how we use your information, please tell us first, using "
            "the contact details on this page.</p>"
            "<p>You can also complain to the Information Commissioner's Office (ICO):</p>"
        ),
        bullets(
            'online: <a href="https://ico.org.uk/make-a-complaint/">ico.org.uk/make-a-complaint</a>',
            'by phone: <a href="tel:03031231113">0303 123 1113</a>',
            "by post: Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, "
            "Cheshire, SK9 5AF",
        ),
        heading("Contact us"),
        contact_details(),
        paragraph(
            "<p>To contact the trust's Data Protection Officer, or for the trust's ICO registration "
            "number, ask us.</p>"
        ),
        heading("Changes to this notice"),
        paragraph(f"<p>We last updated this notice on {UPDATED}.</p>"),
    ],
)

CONTENT = {"about": ABOUT, "accessibility-statement": ACCESSIBILITY, "privacy": PRIVACY}


def _still_original(page, slug) -> bool:
    if page.latest_revision_id is not None:
        return False
    blocks = [(block["type"], block["value"]) for block in page.body.raw_data]
    return blocks == [("paragraph", f"<p>{ORIGINAL_TEXT[slug]}</p>")]


def write_content(apps, schema_editor):
    StandardPage = apps.get_model("home", "StandardPage")
    for slug, (summary, body) in CONTENT.items():
        for page in StandardPage.objects.filter(slug=slug, depth=3):
            if _still_original(page, slug):
                page.summary = summary
                page.body = json.dumps(body)
                page.save(update_fields=["summary", "body"])


class Migration(migrations.Migration):
    dependencies = [("home", "0003_contact_details_and_content_blocks")]
    operations = [migrations.RunPython(write_content, migrations.RunPython.noop)]
