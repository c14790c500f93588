"""The words demo activities are written from (activities.factories reads them; so do tests).

Each category has its own activity ideas, as a real directory would list them: a title stem, two or
three one-sentence summaries in plain English with the everyday words people search for, and a
sentence that only the long description carries. An idea may be for a particular group of people
(AUDIENCES), meet at a particular kind of place (VENUES), run online, or meet only at some times.
Plain data, no database: the factories turn an idea into a listing.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Idea:
    title: str
    summaries: tuple[str, ...]
    # Said only in the long description, so a search for its words is a search of the description.
    detail: str = ""
    audience: str = ""  # a key of AUDIENCES; empty for everyone
    venues: tuple[str, ...] = ()  # kinds of VENUES, when not the category's usual ones
    online: bool = False  # could run online
    parts: tuple[str, ...] = ()  # "morning", "afternoon", "evening": when it meets, if not any time
    days: tuple[int, ...] = ()  # weekdays (0 is Monday) it meets on, if not any day
    also: tuple[str, ...] = ()  # other categories it belongs to
    peer_led: bool = False  # its words say it is run by peers, so it always is


@dataclass(frozen=True)
class Audience:
    group: str  # the audience_group shown on the page
    min_age: int | None = None
    max_age: int | None = None


AUDIENCES = {
    "dementia": Audience("People living with dementia and their carers"),
    "young-people": Audience("Young people aged 14 to 25", min_age=14, max_age=25),
    "men": Audience("Men aged 18 and over", min_age=18),
    "women": Audience("Women aged 18 and over", min_age=18),
    "carers": Audience("Unpaid carers looking after a relative or friend", min_age=18),
    "over-50s": Audience("Older people aged 50 and over", min_age=50),
    "lung-health": Audience("People living with a lung condition such as COPD or asthma"),
    "hearing-voices": Audience("People who hear voices, see visions or have other unusual experiences"),
    "deaf": Audience("Deaf and hard of hearing people"),
}


@dataclass(frozen=True)
class VenueKind:
    """A kind of place: its names ("{town}" is filled in) and how likely such a place is to have
    step-free access, an accessible toilet and a hearing loop."""

    names: tuple[str, ...]
    step_free: float
    toilet: float
    loop: float


VENUES = {
    "library": VenueKind(("{town} Library", "{town} Central Library"), 0.95, 0.85, 0.6),
    "community-centre": VenueKind(
        ("{town} Community Centre", "Northfield Community Centre, {town}", "The Hub, {town}"), 0.9, 0.85, 0.35
    ),
    "church-hall": VenueKind(
        (
            "St John's Church Hall, {town}",
            "St Mary's Church Hall, {town}",
            "{town} Methodist Church Hall",
            "Trinity Church Hall, {town}",
        ),
        0.6,
        0.5,
        0.3,
    ),
    "mill": VenueKind(("The Old Mill, {town}", "Spinners Mill, {town}"), 0.5, 0.5, 0.1),
    "park": VenueKind(
        ("{town} Memorial Park", "Victoria Park, {town}", "{town} Country Park"), 0.7, 0.4, 0.0
    ),
    "trail": VenueKind(
        ("{town} Market Place", "{town} Railway Station", "{town} Canal Basin"), 0.8, 0.3, 0.0
    ),
    "sports": VenueKind(
        ("{town} Leisure Centre", "{town} Sports Centre", "{town} Sports Hall"), 0.95, 0.9, 0.3
    ),
    "pool": VenueKind(("{town} Leisure Centre", "{town} Swimming Pool", "{town} Baths"), 0.9, 0.9, 0.2),
    "arts-centre": VenueKind(
        ("{town} Arts Centre", "The Art House, {town}", "{town} Theatre"), 0.85, 0.85, 0.6
    ),
    "museum": VenueKind(("{town} Museum", "{town} Heritage Centre"), 0.85, 0.85, 0.5),
    "cafe": VenueKind(
        ("Riverside Café, {town}", "The Corner Café, {town}", "{town} Community Café"), 0.6, 0.4, 0.1
    ),
    "allotments": VenueKind(
        ("{town} Allotments", "Hillside Allotments, {town}", "{town} Community Garden"), 0.3, 0.2, 0.0
    ),
    "football-club": VenueKind(
        ("{town} Football Club", "{town} Cricket Club", "{town} Rugby Club"), 0.8, 0.7, 0.1
    ),
    "pub": VenueKind(("The Red Lion, {town}", "The Royal Oak, {town}"), 0.4, 0.4, 0.1),
    "climbing": VenueKind(
        ("{town} Climbing Wall", "The Boulder Shed, {town}", "{town} Outdoor Centre"), 0.6, 0.6, 0.1
    ),
    "shed": VenueKind(("{town} Men's Shed", "The Workshop, {town}"), 0.5, 0.4, 0.0),
}

# Where each category usually meets (kinds of VENUES).
CATEGORY_VENUES = {
    "arts": ("arts-centre", "community-centre", "library", "mill", "cafe"),
    "crafts": ("library", "community-centre", "church-hall", "cafe", "mill"),
    "music": ("arts-centre", "community-centre", "pub", "church-hall"),
    "singing": ("church-hall", "community-centre", "arts-centre"),
    "drama": ("arts-centre", "community-centre"),
    "dance": ("community-centre", "sports", "church-hall", "arts-centre"),
    "creative-writing": ("library", "cafe", "arts-centre", "pub"),
    "photography-and-film": ("park", "arts-centre", "museum", "trail"),
    "gardening-and-nature": ("allotments", "park"),
    "walking": ("park", "trail"),
    "climbing-and-outdoor": ("climbing",),
    "football-and-team-sport": ("football-club", "sports"),
    "fitness": ("sports", "community-centre", "church-hall"),
    "swimming": ("pool",),
    "cycling": ("trail", "park"),
    "heritage-and-memory": ("museum", "library", "cafe", "church-hall"),
    "cooking": ("community-centre", "church-hall", "cafe"),
    "peer-support": ("community-centre", "library", "cafe", "church-hall"),
    "learning": ("library", "community-centre", "mill"),
    "games-and-social": ("cafe", "pub", "community-centre", "library", "church-hall"),
}

# What to bring to the first session, where it is more than "nothing at all".
WHAT_TO_BRING = {
    "swimming": "Your swimming costume and a towel. There are lockers (bring a pound coin).",
    "walking": "Comfortable shoes and a waterproof. Bring a drink if it is warm.",
    "cycling": "Comfortable clothes. We lend bikes and helmets if you need one; just ask us before you come.",
    "climbing-and-outdoor": "Clothes you can stretch in. We lend climbing shoes and harnesses.",
    "gardening-and-nature": "Old clothes and shoes that can get muddy. We lend gloves and tools.",
    "football-and-team-sport": "Trainers and comfortable clothes. Bring a drink.",
    "fitness": "Comfortable clothes and a drink of water.",
}

IDEAS: dict[str, tuple[Idea, ...]] = {
    "arts": (
        Idea(
            "Art for wellbeing",
            (
                "Relaxed painting and drawing for beginners, with all materials provided.",
                "Try painting, drawing and collage at your own pace in a calm, friendly room.",
            ),
            detail="We have watercolours, acrylics, pastels and sketchbooks to use.",
        ),
        Idea(
            "Mindfulness and mandalas",
            (
                "Slow down with colouring, patterns and simple mindfulness, with tea and biscuits.",
                "Draw and colour mandalas while we practise a few calm breathing exercises.",
            ),
            detail="Many people say it helps with anxiety and racing thoughts.",
            also=("peer-support",),
        ),
        Idea(
            "Open art studio",
            (
                "Work on your own art in a shared studio, with help there if you want it.",
                "A shared studio space for painting and drawing, with easels and paper to use.",
            ),
            detail="Bring a sketchbook if you have one, or use ours.",
        ),
        Idea(
            "Young people's art club",
            (
                "Painting, drawing, street art and comics for young people, with no pressure to be good.",
                "A friendly art club for young people to make things, chat and try new materials.",
            ),
            detail="Past projects include a mural, zines and spray-paint stencils.",
            audience="young-people",
            parts=("afternoon", "evening"),
        ),
        Idea(
            "Sketch and chat",
            (
                "Sketch people, buildings and still life with pencils and charcoal, then chat over a brew.",
                "A sociable drawing group for anyone who wants to get back into sketching.",
            ),
            detail="Every few weeks we go out to sketch in the town centre.",
        ),
        Idea(
            "Printmaking for beginners",
            (
                "Learn lino printing and make your own cards, prints and posters.",
                "Carve, ink and print simple designs on paper and fabric, step by step.",
            ),
            detail="Everyone takes home a set of greetings cards they printed themselves.",
        ),
        Idea(
            "Women's art circle",
            (
                "A calm, welcoming art group for women to paint, draw and chat together.",
                "Creative time for women: painting, collage and textiles in a friendly group.",
            ),
            detail="There is a crèche on request, so mums are welcome to come along.",
            audience="women",
        ),
        Idea(
            "Paint along",
            (
                "Paint and draw along with a friendly tutor, one step at a time.",
                "A weekly painting session with a theme to follow if you want one.",
            ),
            detail="Past themes include seascapes, sunflowers and portraits of pets.",
            online=True,
        ),
    ),
    "crafts": (
        Idea(
            "Knit and natter",
            (
                "Bring your own knitting or learn the basics, with spare yarn and needles to borrow.",
                "A relaxed knitting group for every level, with tea, cake and plenty of chat.",
                "Knit, chat and share patterns with a friendly group; beginners are very welcome.",
            ),
            detail="There is a basket of spare wool, and someone can always pick up a dropped stitch.",
        ),
        Idea(
            "Crochet corner",
            (
                "Learn to crochet granny squares, blankets and toys with a patient, friendly group.",
                "A crochet group for beginners and old hands, with hooks and yarn to borrow.",
            ),
            detail="Our blankets go to the local hospice and the neonatal unit.",
        ),
        Idea(
            "Sewing bee",
            (
                "Learn to use a sewing machine, mend clothes and make simple bags and cushions.",
                "A friendly sewing group where you can bring a repair or start something new.",
            ),
            detail="We have six machines, overlockers and a big box of donated fabric.",
        ),
        Idea(
            "Men's shed woodwork",
            (
                "Woodwork, repairs and making things in a friendly workshop for men.",
                "A men's shed: make bird boxes, benches and toys, or just come for a brew and a chat.",
            ),
            detail="All the tools are there, and someone will show you how to use them safely.",
            audience="men",
            venues=("shed",),
            also=("peer-support",),
        ),
        Idea(
            "Pottery for beginners",
            (
                "Make pots, bowls and tiles from clay by hand, with patient tutors.",
                "Hand-built pottery: shape clay, then glaze and take home what you make.",
            ),
            detail="Everything you make is fired in our kiln and ready in two weeks.",
            also=("arts",),
        ),
        Idea(
            "Clay and chat",
            (
                "A relaxed clay session: make something or just get your hands in the clay and talk.",
                "Shape clay at your own pace in a small, friendly group. No experience needed.",
            ),
            detail="Aprons are provided, but wear clothes you do not mind getting dusty.",
            also=("arts",),
        ),
        Idea(
            "Repair café",
            (
                "Bring a broken lamp, toaster or torn coat and fix it with our volunteers.",
                "Learn to mend things rather than throw them away, over a cup of coffee.",
            ),
            detail="Our volunteers include an electrician, a tailor and a bike mechanic.",
            venues=("cafe", "community-centre"),
        ),
        Idea(
            "Craft and a cuppa",
            (
                "Card making, paper crafts and seasonal decorations over a cup of tea.",
                "A different craft every week, from card making to wreaths. All materials provided.",
            ),
            detail="Every session is a different make, so it does not matter if you miss a week.",
        ),
        Idea(
            "Carers' craft afternoon",
            (
                "Time for yourself: crafts, tea and a chat with other carers.",
                "A relaxed craft group for carers to take a break and meet people who understand.",
            ),
            detail="If you need someone to sit with the person you look after, ask us.",
            audience="carers",
            parts=("afternoon",),
        ),
    ),
    "music": (
        Idea(
            "Community music jam",
            (
                "Play along on guitars, drums and keyboards. No experience needed.",
                "A friendly jam session for all abilities; bring an instrument or borrow one.",
            ),
            detail="We play everything from folk to rock, and nobody has to play a solo.",
        ),
        Idea(
            "Ukulele club",
            (
                "Learn easy chords and strum along to songs everyone knows.",
                "A cheerful ukulele group for beginners; we lend you a ukulele.",
            ),
            detail="Song sheets have the chord shapes printed above the words.",
        ),
        Idea(
            "Drumming circle",
            (
                "Play hand drums together in a circle, following simple rhythms.",
                "Loud, fun and easy to join: drumming in a group, with drums provided.",
            ),
            detail="We use djembes, shakers and bells, and there are earplugs if you want them.",
        ),
        Idea(
            "Music production for young people",
            (
                "Make beats, rap and record your own tracks in a real studio.",
                "Learn to produce music on laptops and record vocals with friendly mentors.",
            ),
            detail="You can take your tracks home on a memory stick or share them online.",
            audience="young-people",
            parts=("evening",),
        ),
        Idea(
            "Learn guitar",
            (
                "Beginners' guitar in a small group: chords, strumming and your first songs.",
                "A relaxed guitar class for beginners; borrow a guitar if you do not have one.",
            ),
            detail="By week six most people can play three songs all the way through.",
        ),
        Idea(
            "Music for the mind",
            (
                "Listen, share and play music in a calm group that supports your mental health.",
                "A relaxed music group for listening, playing simple instruments and talking.",
            ),
            detail="Bring a song that means something to you, if you like.",
            online=True,
        ),
    ),
    "singing": (
        Idea(
            "Community choir",
            (
                "A friendly choir for anyone who loves to sing, in tune or not. No auditions.",
                "Sing pop, folk and gospel songs with a warm, welcoming community choir.",
            ),
            detail="We perform at a few local events each year, but only if you want to.",
        ),
        Idea(
            "Rock choir",
            (
                "Sing rock and pop anthems at full volume with a big, friendly choir.",
                "No reading music and no auditions: learn rock and pop songs by ear.",
            ),
            detail="Recent songs include Queen, Adele and The Proclaimers.",
        ),
        Idea(
            "Singing for lung health",
            (
                "Gentle singing and breathing exercises for people with lung conditions.",
                "Sing together to help your breathing, posture and confidence.",
            ),
            detail="Sessions are led by a trained Singing for Lung Health practitioner.",
            audience="lung-health",
            parts=("morning", "afternoon"),
        ),
        Idea(
            "Singing for the brain",
            (
                "Sing well-loved songs together in a dementia-friendly group, with carers welcome.",
                "Old favourites and a cup of tea, for people living with dementia and their carers.",
            ),
            detail="Familiar songs from the 1950s to the 1980s help bring back memories.",
            audience="dementia",
            parts=("morning", "afternoon"),
            also=("heritage-and-memory",),
        ),
        Idea(
            "Sing for your mind",
            (
                "A relaxed singing group where how you feel matters more than how you sound.",
                "Sing together to lift your mood, with no pressure and no auditions.",
            ),
            detail="Song sheets are printed large, and you can sit or stand.",
        ),
        Idea(
            "Men's singing group",
            (
                "A singing group for men: sea shanties, pop songs and a pint after.",
                "Men who like a sing-song, meeting every week. No experience needed.",
            ),
            detail="We are slowly learning four-part harmony, and nobody minds a wrong note.",
            audience="men",
            parts=("evening",),
        ),
        Idea(
            "Gospel choir",
            (
                "Sing joyful gospel and soul songs with a warm, welcoming choir.",
                "Learn gospel songs by ear with a choir that welcomes every voice.",
            ),
            detail="You do not need to be religious to join.",
        ),
    ),
    "drama": (
        Idea(
            "Drama for confidence",
            (
                "Games and improvisation to build confidence, at your own pace.",
                "Try drama games and short scenes in a supportive group; nobody has to perform.",
            ),
            detail="Many people come because they want to feel less shy in everyday life.",
        ),
        Idea(
            "Community theatre group",
            (
                "Rehearse and put on a show with a friendly theatre group, on stage or behind it.",
                "Act, build sets or help with costumes: everyone has a part in our plays.",
            ),
            detail="We put on two shows a year, and backstage help is just as welcome.",
        ),
        Idea(
            "Youth theatre",
            (
                "Drama games, acting and making your own plays, for young people.",
                "A youth theatre group that makes plays about the things that matter to young people.",
            ),
            detail="Some of our members have gone on to college drama courses.",
            audience="young-people",
            parts=("evening",),
            days=(0, 1, 2, 3, 4, 5),
        ),
        Idea(
            "Storytelling circle",
            (
                "Tell and listen to stories, old and new, in a relaxed circle.",
                "Learn to tell folk tales and your own stories out loud, with no script.",
            ),
            detail="Listening is as welcome as telling; you never have to speak.",
        ),
        Idea(
            "Improv for anxiety",
            (
                "Playful improvisation games that help with anxiety, in a kind, small group.",
                "Gentle improv: learn to go with the flow and laugh at mistakes.",
            ),
            detail="Sessions start slowly, and you can sit out any game.",
            online=True,
        ),
        Idea(
            "Radio drama group",
            (
                "Write, act and record plays for local radio, with scripts in your hand.",
                "Make radio plays and podcasts: acting, sound effects and editing.",
            ),
            detail="Our plays go out on community radio, and you can use a made-up name.",
            online=True,
            also=("creative-writing",),
        ),
    ),
    "dance": (
        Idea(
            "Gentle dance",
            (
                "Seated and standing dance to music from every decade.",
                "Easy, gentle dance for all abilities, with chairs for anyone who needs them.",
            ),
            detail="Music ranges from Motown to musicals.",
        ),
        Idea(
            "Street dance for young people",
            (
                "Learn hip hop and street dance routines with friendly young tutors.",
                "Street dance for young people: new moves every week and no experience needed.",
            ),
            detail="We sometimes perform at local festivals, only if you want to.",
            audience="young-people",
            parts=("evening",),
            also=("fitness",),
        ),
        Idea(
            "Ballroom for beginners",
            (
                "Learn the waltz, quickstep and cha-cha; come alone or with a partner.",
                "Friendly ballroom and Latin dance lessons for complete beginners.",
            ),
            detail="There are always people without a partner, so nobody sits out.",
            parts=("afternoon", "evening"),
        ),
        Idea(
            "Dance for Parkinson's and memory",
            (
                "Gentle, seated dance for people living with dementia or Parkinson's, with carers.",
                "A dementia-friendly dance class to well-loved music, seated or standing.",
            ),
            detail="Carers join in too, and there is tea and a chat at the end.",
            audience="dementia",
            parts=("morning", "afternoon"),
        ),
        Idea(
            "Line dancing",
            (
                "Easy line dancing to country and pop songs, step by step.",
                "A friendly line dancing class for beginners; no partner needed.",
            ),
            detail="Wear shoes that slide a little; cowboy boots are optional.",
        ),
        Idea(
            "Bollywood dance",
            (
                "Energetic Bollywood dance routines to film songs, for all abilities.",
                "Learn Bollywood and bhangra moves in a fun, friendly class.",
            ),
            detail="The class is mostly women, but everyone is welcome.",
            also=("fitness",),
        ),
        Idea(
            "Women's dance fitness",
            (
                "Dance workouts to pop music in a women-only class.",
                "A fun dance fitness class for women, at whatever pace suits you.",
            ),
            detail="The room has no windows onto the street, so it feels private.",
            audience="women",
            also=("fitness",),
        ),
    ),
    "creative-writing": (
        Idea(
            "Creative writing circle",
            (
                "Short writing exercises and sharing, only if you want to.",
                "Write poems, stories and memories with a friendly group; no experience needed.",
            ),
            detail="We use prompts, photographs and objects to get started.",
            online=True,
        ),
        Idea(
            "Poetry open mic",
            (
                "Read your poems, or just listen, at a friendly open mic night.",
                "An open mic for poetry and spoken word, with a warm, supportive audience.",
            ),
            detail="First-timers go on early, so the nerves do not build up.",
            parts=("evening",),
            venues=("pub", "cafe", "arts-centre"),
        ),
        Idea(
            "Write it out",
            (
                "Writing for wellbeing: put thoughts on paper in a calm, private way.",
                "Journaling and short writing exercises to help make sense of things.",
            ),
            detail="You never have to read out what you write.",
            online=True,
            also=("peer-support",),
        ),
        Idea(
            "Life stories writing group",
            (
                "Write down your memories and life stories with gentle help.",
                "Turn your memories into stories for your family, at your own pace.",
            ),
            detail="At the end of the year we print a small book of everyone's stories.",
            also=("heritage-and-memory",),
        ),
        Idea(
            "Young writers' club",
            (
                "Stories, poems, lyrics and comics for young people who like to write.",
                "A writing club for young people, with prompts, games and sharing.",
            ),
            detail="We enter a national young writers' competition every spring.",
            audience="young-people",
            parts=("afternoon", "evening"),
        ),
        Idea(
            "Book club",
            (
                "Read a book a month and talk about it over coffee.",
                "A friendly reading group; books are free to borrow.",
            ),
            detail="We choose short books and large-print and audio copies are available.",
            venues=("library", "cafe"),
            also=("learning",),
        ),
    ),
    "photography-and-film": (
        Idea(
            "Photography walk",
            (
                "Walk and take photos with your phone or a camera we lend you.",
                "A slow walk with cameras, looking at everyday places in a new way.",
            ),
            detail="We share the best pictures in an exhibition at the end of the season.",
            also=("walking",),
        ),
        Idea(
            "Film club",
            (
                "Watch a film together and chat about it afterwards, with popcorn.",
                "A monthly film screening with a friendly chat after; no need to say anything.",
            ),
            detail="Films have subtitles on, and the lights stay low rather than off.",
            venues=("arts-centre", "library", "community-centre"),
            also=("games-and-social",),
        ),
        Idea(
            "Phone photography for beginners",
            (
                "Learn to take better photos with the phone you already have.",
                "Simple tips for light, framing and editing photos on your phone.",
            ),
            detail="We cover the editing apps that come free with your phone.",
            venues=("library", "community-centre"),
            online=True,
        ),
        Idea(
            "Make a short film",
            (
                "Plan, shoot and edit a short film with a small friendly crew.",
                "Learn filming and editing, and make a short film with the group.",
            ),
            detail="Our films have been shown at the local cinema and a festival.",
        ),
        Idea(
            "Young people's film school",
            (
                "Make films, music videos and animations with professional film makers.",
                "A film-making club for young people: cameras, drones and editing.",
            ),
            detail="You can work on screen or behind the camera, whichever you prefer.",
            audience="young-people",
            parts=("afternoon", "evening"),
        ),
        Idea(
            "Camera club",
            (
                "Share photos, learn new skills and go on outings with a friendly camera club.",
                "A photography club for every level, from phones to old film cameras.",
            ),
            detail="There is a darkroom for anyone who wants to try developing film.",
        ),
    ),
    "gardening-and-nature": (
        Idea(
            "Allotment group",
            (
                "Grow fruit and vegetables and take some home.",
                "Dig, plant and harvest with a friendly group on a shared allotment.",
            ),
            detail="In summer we pick strawberries, beans and courgettes to share out.",
            venues=("allotments",),
        ),
        Idea(
            "Community garden",
            (
                "Help look after a community garden, from weeding to planting flowers.",
                "Gentle gardening in a peaceful green space, with tea in the greenhouse.",
            ),
            detail="There are raised beds you can reach from a chair.",
            venues=("allotments", "park"),
        ),
        Idea(
            "Bird watching walks",
            (
                "Spot and learn about local birds on gentle walks; binoculars to borrow.",
                "Slow walks looking and listening for birds, with a friendly guide.",
            ),
            detail="Kingfishers and herons are often seen along the river.",
            venues=("park",),
            parts=("morning",),
            also=("walking",),
        ),
        Idea(
            "Conservation volunteers",
            (
                "Plant trees, build paths and look after nature reserves in the fresh air.",
                "Outdoor conservation work in small teams, with tools and gloves provided.",
            ),
            detail="Tasks change with the seasons, from hedge laying to pond clearing.",
            venues=("park",),
            also=("climbing-and-outdoor",),
        ),
        Idea(
            "Grow and share",
            (
                "Grow herbs and salad from seed and learn to cook with what you grow.",
                "Learn to grow food in pots and small spaces; seeds and pots provided.",
            ),
            detail="You do not need a garden: a windowsill is enough.",
            also=("cooking",),
        ),
        Idea(
            "Forest bathing",
            (
                "Slow, quiet time in the woods to notice nature and feel calmer.",
                "A guided, gentle wander among the trees, with time to sit and breathe.",
            ),
            detail="We walk less than a mile, very slowly.",
            venues=("park",),
        ),
        Idea(
            "Men's gardening club",
            (
                "Gardening, growing and a brew for men who like being outdoors.",
                "A friendly allotment group for men: dig, build and grow together.",
            ),
            detail="We built our own shed and polytunnel last year.",
            audience="men",
            venues=("allotments",),
        ),
    ),
    "walking": (
        Idea(
            "Wellbeing walk",
            (
                "A gentle walk of about an hour, finishing with a cup of tea.",
                "Friendly, easy walks on flat paths, at the pace of the slowest walker.",
            ),
            detail="Our walk leaders are trained in first aid.",
        ),
        Idea(
            "Health walk",
            (
                "Short, free walks for people who want to get more active, led by volunteers.",
                "Easy walks of 30 to 60 minutes, with benches on the way.",
            ),
            detail="Each walk has a shorter route for anyone who wants to turn back early.",
        ),
        Idea(
            "Parkrun buddies",
            (
                "Walk, jog or run parkrun with a friendly buddy, at whatever pace you like.",
                "Someone to go to parkrun with: we meet before the start and walk or run it together.",
            ),
            detail="Register free with parkrun before your first time and bring your barcode.",
            venues=("park",),
            parts=("morning",),
            days=(5,),
            also=("fitness",),
        ),
        Idea(
            "Women's walking group",
            (
                "Friendly walks and chat for women, on paths and quiet lanes.",
                "A women's walking group at an easy pace, ending at a café.",
            ),
            detail="Lots of us come on our own the first time.",
            audience="women",
        ),
        Idea(
            "Hill walking club",
            (
                "Longer walks on the hills and moors for people who want a challenge.",
                "Walks of four to eight miles across the moors, with great views and a flask stop.",
            ),
            detail="We share lifts to the start, so ask if you need one.",
            days=(5, 6),
            also=("climbing-and-outdoor",),
        ),
        Idea(
            "Dementia-friendly walk",
            (
                "Short, gentle walks for people living with dementia and their carers.",
                "A relaxed, dementia-friendly walk on flat paths, with tea and a chat.",
            ),
            detail="Walks are about half an hour, with plenty of places to sit.",
            audience="dementia",
            parts=("morning", "afternoon"),
        ),
        Idea(
            "Walk and talk",
            (
                "Walk side by side and talk about how things are, with people who understand.",
                "A peer support walk: fresh air, gentle pace and someone to talk to.",
            ),
            detail="Walking side by side makes talking easier for lots of people.",
            also=("peer-support",),
            peer_led=True,
        ),
    ),
    "climbing-and-outdoor": (
        Idea(
            "Climb together",
            (
                "Indoor climbing with instructors. Equipment provided.",
                "Try climbing at your own pace, with friendly instructors holding the ropes.",
            ),
            detail="Many people are nervous of heights at first; you only go as high as you like.",
        ),
        Idea(
            "Bouldering for beginners",
            (
                "Climb short walls above soft mats, no ropes or experience needed.",
                "A relaxed bouldering session with coaching and shoes to borrow.",
            ),
            detail="Bouldering is often said to be good for anxiety, as it takes all your attention.",
        ),
        Idea(
            "Outdoor adventure club",
            (
                "Canoeing, climbing and walks in the hills with qualified leaders.",
                "Try kayaking, climbing and orienteering in a small, friendly group.",
            ),
            detail="Transport to the river and crags is included.",
            days=(5, 6),
        ),
        Idea(
            "Young people's climbing club",
            (
                "Climbing and bouldering sessions for young people, with coaching.",
                "A climbing club for young people to build skills, strength and confidence.",
            ),
            detail="Climbers can work towards national climbing awards.",
            audience="young-people",
            parts=("afternoon", "evening"),
        ),
        Idea(
            "Bushcraft and fire",
            (
                "Learn to build shelters, light fires and cook outdoors in the woods.",
                "Bushcraft skills and hot chocolate around a campfire.",
            ),
            detail="Everyone gets a go at whittling a spoon with a knife.",
            venues=("park",),
        ),
        Idea(
            "Paddle and picnic",
            (
                "Gentle canoeing on the canal, with a picnic at the end.",
                "Learn to paddle a canoe on calm water with qualified instructors.",
            ),
            detail="Buoyancy aids and waterproofs are provided; you do not need to swim well.",
            venues=("trail",),
            days=(5, 6),
        ),
    ),
    "football-and-team-sport": (
        Idea(
            "Walking football",
            (
                "Football at walking pace. All abilities welcome.",
                "Friendly walking football: no running, no tackling and plenty of laughs.",
            ),
            detail="Most players are over 50, but any age can join.",
        ),
        Idea(
            "Walking netball",
            (
                "Netball at walking pace, friendly and easy to pick up.",
                "A gentle, sociable game of walking netball for all fitness levels.",
            ),
            detail="Many players last played at school, decades ago.",
        ),
        Idea(
            "Men's mental health football",
            (
                "Football for men who are struggling with their mental health, with a chat after.",
                "A kickabout for men, followed by a brew and a talk about how things are going.",
            ),
            detail="Players range from beginners to ex-semi-pro.",
            audience="men",
            parts=("evening",),
            also=("peer-support",),
        ),
        Idea(
            "Football for everyone",
            (
                "A friendly five-a-side game for all abilities.",
                "Play football with a friendly group; bibs and balls provided.",
            ),
            detail="Games are mixed, and the coach picks fair teams.",
        ),
        Idea(
            "Women's football",
            (
                "Friendly football training and games for women, beginners welcome.",
                "Learn to play football in a relaxed women's session.",
            ),
            detail="Boots are helpful but trainers are fine.",
            audience="women",
        ),
        Idea(
            "Walking rugby",
            (
                "Touch rugby at walking pace, with no tackling.",
                "A friendly game of walking rugby for all fitness levels.",
            ),
            detail="Run by the local rugby league club's foundation.",
        ),
        Idea(
            "Cricket in the community",
            (
                "Soft-ball cricket for all abilities, with equipment provided.",
                "Friendly indoor and outdoor cricket sessions, with a cup of tea at the break.",
            ),
            detail="In winter we play indoors in the sports hall.",
        ),
        Idea(
            "Young people's football",
            (
                "Football for young people who want to play for fun, not for a team.",
                "A friendly football session for young people, with a coach and snacks.",
            ),
            detail="Some of our coaches started as players here.",
            audience="young-people",
            parts=("evening",),
        ),
    ),
    "fitness": (
        Idea(
            "Move more",
            (
                "A friendly exercise class you can do at your own level.",
                "Gentle exercise to music to build strength and stamina.",
            ),
            detail="The instructor shows an easier and a harder way of each move.",
        ),
        Idea(
            "Chair yoga",
            (
                "Gentle yoga and stretches done sitting on a chair.",
                "Stretch, breathe and relax with yoga you can do seated.",
            ),
            detail="Good for stiff joints, and you can stand for some of it if you wish.",
        ),
        Idea(
            "Seated exercise",
            (
                "Chair-based exercise to music for people over 50, to keep you moving and strong.",
                "Gentle seated exercise with weights and bands for older people, at every ability.",
            ),
            detail="Many people come after a fall or an illness to get their strength back.",
            audience="over-50s",
            parts=("morning", "afternoon"),
        ),
        Idea(
            "Tai chi in the park",
            (
                "Slow, flowing tai chi outdoors to help balance and calm.",
                "Learn the gentle movements of tai chi in the fresh air.",
            ),
            detail="In bad weather we move into the bandstand.",
            venues=("park",),
            parts=("morning",),
        ),
        Idea(
            "Yoga for beginners",
            (
                "Gentle yoga with lots of stretching and time to relax.",
                "A calm, friendly yoga class for complete beginners.",
            ),
            detail="Each class ends with ten minutes of relaxation.",
            online=True,
        ),
        Idea(
            "Boxing fitness",
            (
                "Non-contact boxing fitness: pads, skipping and circuits.",
                "Get fit with boxing drills, no sparring and no experience needed.",
            ),
            detail="Lots of people say hitting the pads is great for stress.",
            parts=("evening",),
        ),
        Idea(
            "Gym buddies",
            (
                "Go to the gym with a friendly buddy until you feel at home there.",
                "A supported gym session with an instructor who helps you start slowly.",
            ),
            detail="You get a simple programme written down to take away.",
            venues=("sports",),
        ),
        Idea(
            "Strength and balance",
            (
                "Exercises for people over 50 to build strength and balance, and lower the risk of falls.",
                "A gentle class for older people to keep steady on their feet.",
            ),
            detail="The course follows the NHS falls prevention programme.",
            audience="over-50s",
            parts=("morning", "afternoon"),
        ),
    ),
    "swimming": (
        Idea(
            "Quiet swim",
            (
                "A calm, less busy swim session with friendly staff.",
                "Swim at your own pace in a quieter pool, with the music off.",
            ),
            detail="The lights are dimmer and there are no inflatables or lessons going on.",
        ),
        Idea(
            "Dementia-friendly swim",
            (
                "A relaxed swim for people living with dementia, with carers welcome in the water.",
                "A dementia-friendly pool session with extra staff and a warm changing room.",
            ),
            detail="There is a hoist into the pool and a cup of tea afterwards.",
            audience="dementia",
            parts=("morning", "afternoon"),
        ),
        Idea(
            "Women-only swim",
            (
                "A women-only swim session with female lifeguards and covered windows.",
                "Swim in privacy at a women-only session, any stroke, any speed.",
            ),
            detail="Burkinis and swimming leggings are welcome.",
            audience="women",
        ),
        Idea(
            "Adult learn to swim",
            (
                "Learn to swim as an adult, in a small group in the shallow end.",
                "Patient swimming lessons for nervous adults, starting from the very beginning.",
            ),
            detail="Most people in the group had never swum before.",
        ),
        Idea(
            "Aqua fit",
            (
                "Exercise to music in the water: easy on your joints.",
                "A fun aqua aerobics class in the shallow end; you do not need to swim.",
            ),
            detail="The water takes your weight, so it suits people with painful joints.",
            also=("fitness",),
        ),
        Idea(
            "Wild swimming group",
            (
                "Cold water dips in a lake with a friendly, safety-minded group.",
                "Swim outdoors with others, from a quick dip to a longer swim.",
            ),
            detail="We always have a spotter on the bank and hot drinks afterwards.",
            venues=("park",),
            parts=("morning",),
            days=(5, 6),
        ),
    ),
    "cycling": (
        Idea(
            "Easy riders",
            (
                "Relaxed bike rides on quiet routes. Bikes available to borrow.",
                "Gentle group cycle rides on canal paths and quiet lanes.",
            ),
            detail="Rides stop at a café halfway round.",
        ),
        Idea(
            "Learn to ride",
            (
                "Learn to ride a bike, or get back on one, with a patient instructor.",
                "Cycling lessons for adults in a quiet, traffic-free space.",
            ),
            detail="Many people learn in three or four sessions.",
        ),
        Idea(
            "Bike maintenance workshop",
            (
                "Learn to fix punctures, brakes and gears on your own bike.",
                "A friendly bike repair workshop; bring your bike or work on one of ours.",
            ),
            detail="You can earn a refurbished bike by volunteering in the workshop.",
            venues=("community-centre", "mill"),
            also=("learning",),
        ),
        Idea(
            "Inclusive cycling",
            (
                "Cycling for everyone, with trikes, tandems and hand bikes to try.",
                "Adapted bikes for people of all abilities on a safe, flat track.",
            ),
            detail="Carers and family can ride along on side-by-side bikes.",
            venues=("park",),
        ),
        Idea(
            "Sunday bike ride",
            (
                "A sociable Sunday ride on quiet roads, with a café stop.",
                "Group rides of ten to twenty miles at a chatty pace.",
            ),
            detail="Nobody gets left behind: a leader rides at the back.",
            days=(6,),
            parts=("morning",),
        ),
        Idea(
            "Women on wheels",
            (
                "Friendly bike rides for women, from short hops to longer trips.",
                "A women's cycling group for building confidence on the road.",
            ),
            detail="We lend helmets, lights and hi-vis vests.",
            audience="women",
        ),
    ),
    "heritage-and-memory": (
        Idea(
            "Memories and museums",
            (
                "Explore local history through objects and stories.",
                "Handle museum objects and share memories in a relaxed group.",
            ),
            detail="Curators bring out objects that are not usually on display.",
            venues=("museum",),
        ),
        Idea(
            "Reminiscence café",
            (
                "Share memories over tea and cake in a dementia-friendly café, with old photos and music.",
                "A dementia-friendly café for remembering, chatting and singing old songs.",
            ),
            detail="Carers can have a break and a chat with other carers in the next room.",
            audience="dementia",
            parts=("morning", "afternoon"),
            also=("games-and-social",),
        ),
        Idea(
            "Local history group",
            (
                "Find out about the town's past through old maps, photos and talks.",
                "A friendly local history group with talks, walks and research.",
            ),
            detail="Members have helped trace the names on the town's war memorial.",
            venues=("library", "museum"),
        ),
        Idea(
            "Family history club",
            (
                "Trace your family tree with help from experienced volunteers.",
                "Learn to search census records and old newspapers for your ancestors.",
            ),
            detail="Free access to the big family history websites on the library computers.",
            venues=("library",),
            also=("learning",),
        ),
        Idea(
            "Heritage walks",
            (
                "Walk the town's old mills, chapels and yards with a local guide.",
                "Discover hidden history on gentle guided walks around town.",
            ),
            detail="Routes follow the old mill race and the canal.",
            venues=("trail", "museum"),
            also=("walking",),
        ),
        Idea(
            "Memory box group",
            (
                "Make a memory box of photos and keepsakes with a dementia-friendly group.",
                "A gentle group for people living with dementia, with crafts, photos and music.",
            ),
            detail="Memory boxes help families talk together about the past.",
            audience="dementia",
            also=("crafts",),
        ),
    ),
    "cooking": (
        Idea(
            "Cook and eat",
            (
                "Cook a simple, healthy meal together, then eat it together.",
                "Learn easy, cheap recipes and share a meal with the group.",
            ),
            detail="Recipes cost under two pounds a portion.",
            also=("games-and-social",),
        ),
        Idea(
            "Cooking on a budget",
            (
                "Learn to make tasty meals for less, with simple recipes to take home.",
                "Batch cooking and meals from the store cupboard, in a friendly kitchen.",
            ),
            detail="Everyone takes home a bag of ingredients to cook the dish again.",
            also=("learning",),
        ),
        Idea(
            "Men's cookery club",
            (
                "Learn to cook proper meals in a relaxed group for men.",
                "Cooking for men who want to learn the basics, from curries to crumbles.",
            ),
            detail="Plenty of our members had never cooked before.",
            audience="men",
        ),
        Idea(
            "Community lunch",
            (
                "A hot, home-cooked lunch and good company, once a week.",
                "Sit down to a homemade two-course lunch with friendly people.",
            ),
            detail="Vegetarian and halal options are always on the menu.",
            parts=("afternoon",),
            also=("games-and-social",),
        ),
        Idea(
            "Baking club",
            (
                "Bake bread, cakes and biscuits together and take them home.",
                "A friendly baking group for beginners and keen bakers.",
            ),
            detail="Every Christmas we bake for the food bank's hampers.",
        ),
        Idea(
            "Young people's kitchen",
            (
                "Learn to cook for yourself: easy meals for young people moving out.",
                "Cooking skills for young people, with a meal to share at the end.",
            ),
            detail="You will leave with a recipe book made by past groups.",
            audience="young-people",
            parts=("afternoon", "evening"),
        ),
    ),
    "peer-support": (
        Idea(
            "Peer support circle",
            (
                "Talk with people who have been there too. Run by peers.",
                "A small, confidential group to share how things are, run by people with lived experience.",
            ),
            detail="What is said in the group stays in the group.",
            peer_led=True,
            online=True,
        ),
        Idea(
            "Hearing voices group",
            (
                "A safe, peer-led group for people who hear voices or see visions.",
                "Share experiences of voices and visions, without judgement, with others who understand.",
            ),
            detail="The group follows the Hearing Voices Network's approach.",
            audience="hearing-voices",
            peer_led=True,
        ),
        Idea(
            "Men's mental health group",
            (
                "A space for men to talk about what is on their mind, over a brew.",
                "Men supporting men: a peer-led group to talk, listen and not feel alone.",
            ),
            detail="Nobody has to talk; plenty of men just listen at first.",
            audience="men",
            parts=("evening",),
            peer_led=True,
        ),
        Idea(
            "Carers' coffee morning",
            (
                "A coffee morning for carers to take a break and meet others who understand.",
                "Time out for carers: coffee, cake and a chat with other carers.",
            ),
            detail="Advisers from the carers' centre drop in once a month.",
            audience="carers",
            parts=("morning",),
            also=("games-and-social",),
        ),
        Idea(
            "Anxiety support group",
            (
                "A peer support group for people living with anxiety and panic.",
                "Share what helps with anxiety, with people who know how it feels.",
            ),
            detail="We sometimes practise breathing and grounding techniques together.",
            peer_led=True,
            online=True,
        ),
        Idea(
            "Women's wellbeing circle",
            (
                "A supportive group for women to talk, relax and share.",
                "A women's circle for wellbeing, with chat, crafts and calm.",
            ),
            detail="Childcare can be arranged if you ask us before you come.",
            audience="women",
        ),
        Idea(
            "Recovery café",
            (
                "A friendly café for people in recovery, with tea and peer support.",
                "Come for a coffee and a chat with peers who have been there too.",
            ),
            detail="Staff from the recovery college are there if you want to talk about courses.",
            venues=("cafe", "community-centre"),
            peer_led=True,
        ),
        Idea(
            "Young people's wellbeing group",
            (
                "A relaxed group for young people to talk about stress, mood and life.",
                "Young people supporting each other, with games, food and chat.",
            ),
            detail="Youth workers are always there alongside the peer leaders.",
            audience="young-people",
            parts=("evening",),
        ),
    ),
    "learning": (
        Idea(
            "Learn something new",
            (
                "Short friendly courses, from computers to languages.",
                "Free taster courses to learn a new skill in a relaxed way.",
            ),
            detail="No exams, no homework and no qualifications needed.",
        ),
        Idea(
            "Computer help club",
            (
                "Get help with phones, tablets and computers from patient volunteers.",
                "Learn email, video calls and online shopping at your own pace.",
            ),
            detail="Bring your own device, or use one of ours.",
            venues=("library",),
        ),
        Idea(
            "Understanding your mood",
            (
                "A short course on managing low mood and stress, co-run by people with lived experience.",
                "Learn practical ways to look after your mental health in a friendly class.",
            ),
            detail="Part of the recovery college's course list.",
            online=True,
            also=("peer-support",),
        ),
        Idea(
            "English conversation club",
            (
                "Practise speaking English in a relaxed, friendly group.",
                "Chat, games and everyday English for people learning the language.",
            ),
            detail="Conversation topics include shopping, doctors' appointments and buses.",
        ),
        Idea(
            "British Sign Language taster",
            (
                "Learn basic British Sign Language with a Deaf tutor.",
                "Fingerspelling and everyday signs in a fun, friendly class.",
            ),
            detail="Deaf and hearing learners practise together.",
            audience="deaf",
        ),
        Idea(
            "Learn a language",
            (
                "Beginners' Spanish, French or Urdu in a relaxed group.",
                "Pick up the basics of a new language, with games and songs.",
            ),
            detail="Courses run for ten weeks, and you can start at any point.",
            online=True,
        ),
    ),
    "games-and-social": (
        Idea(
            "Coffee morning and board games",
            (
                "Board games, cards and chat over coffee. All welcome.",
                "A relaxed coffee morning with dominoes, Scrabble and friendly faces.",
            ),
            detail="Newcomers are paired with a regular to learn the games.",
            parts=("morning",),
        ),
        Idea(
            "Games and a cuppa",
            (
                "Board games, cards and chat. All welcome.",
                "Play a game, have a cuppa and meet new people.",
            ),
            detail="Our games shelf has over a hundred games, from chess to Catan.",
        ),
        Idea(
            "Quiz night",
            (
                "A friendly pub quiz for teams or people on their own.",
                "Join a quiz team, even if you come alone, for a sociable evening.",
            ),
            detail="Soft drinks are free for quizzers.",
            venues=("pub", "community-centre"),
            parts=("evening",),
        ),
        Idea(
            "Chess club",
            (
                "Learn or play chess in a quiet, friendly club.",
                "Chess for all levels, with coaching for beginners.",
            ),
            detail="Boards and clocks are provided.",
        ),
        Idea(
            "Friendship café",
            (
                "Meet new people over tea and cake in a welcoming café.",
                "A welcoming café for anyone feeling lonely or wanting company.",
            ),
            detail="Volunteers look out for people on their own and say hello.",
            venues=("cafe", "church-hall"),
        ),
        Idea(
            "Youth club",
            (
                "Games, pool, music and snacks in a safe youth club for young people.",
                "A relaxed evening for young people to hang out and try new things.",
            ),
            detail="Trips to the cinema and bowling happen once a term.",
            audience="young-people",
            parts=("evening",),
            venues=("community-centre",),
        ),
        Idea(
            "Men's social club",
            (
                "Darts, dominoes, pool and a chat for men.",
                "A friendly get-together for men to meet, play games and talk.",
            ),
            detail="Tea and coffee are free and there is always a bacon sandwich.",
            audience="men",
        ),
        Idea(
            "Social hour",
            (
                "Chat, quizzes and games with a friendly group.",
                "Meet new people for a relaxed hour of chat and games.",
            ),
            detail="Each week someone brings a picture quiz or a game to play.",
            online=True,
        ),
    ),
}
