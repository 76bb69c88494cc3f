"""Off-topic articles for the benchmark's news stream, written for critmin: sport, weather, company
results and local politics, filled from small word lists with a seeded random generator. They name no
mineral and hold no meeting of countries, as most of a real news stream does not."""

from __future__ import annotations

import random

TOWNS = ["Ashford", "Bramley", "Castleton", "Dunmore", "Elmsworth", "Fairhaven", "Glenrock", "Harwick",
         "Ivybridge", "Kingsmere", "Longford", "Millbrook", "Northam", "Oakridge", "Pinehurst", "Redcliff"]
FIRST = ["Anna", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jonas", "Kira", "Liam"]
LAST = ["Walsh", "Moreno", "Okafor", "Lindqvist", "Patel", "Brennan", "Novak", "Sato", "Keller", "Duarte"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRMS = ["Harbour Foods", "Brightline Retail", "Northgate Software", "Copperfield Homes", "Bluewater Travel",
         "Summit Dairies", "Keystone Logistics", "Meadow Pharmacy", "Lakeside Media", "Orchard Bakeries"]

GENRES: dict[str, list[str]] = {
    "sport": [
        "{town} beat {town2} {g1}-{g2} on {day}, with {name} scoring twice in the second half.",
        "The home side started slowly and fell behind after {n} minutes when a long ball caught their defence flat.",
        "{name}, who joined in the summer, said the dressing room had stayed calm at half-time.",
        "The result lifts {town} to {rank}th in the table, {n} points clear of the relegation places.",
        "Their coach praised the crowd of {big} and said the squad would rest key players in midweek.",
        "{town2} have now gone {n} games without a win and face a difficult trip away next weekend.",
        "Ticket sales for the cup tie against {town3} open on {day}, with prices frozen for a second season.",
        "Supporters had queued outside the ground for more than an hour before kick-off despite the cold.",
        "A penalty appeal in the first half was turned down after a long look at the replay, to loud jeers from the stands.",
        "The visitors' goalkeeper made {small} saves and was named player of the match by the broadcaster.",
        "Injuries remain a worry: two defenders limped off and will be assessed by the medical staff on {day}.",
        "The club confirmed that the new training ground near {town3} will open in time for pre-season.",
        "Next up for {town} is a home game against {town3}, who beat them narrowly earlier in the season.",
        "The youth team also won at the weekend, extending their unbeaten run to {n} matches.",
    ],
    "weather": [
        "Heavy rain is expected across the north on {day}, with up to {n} millimetres in upland areas.",
        "Forecasters said temperatures would stay below the seasonal average until at least the weekend.",
        "Drivers near {town} were told to allow extra time as standing water closed two lanes of the ring road.",
        "The river at {town2} rose {n} centimetres overnight but stayed below the level that triggers a warning.",
        "Sunny spells should return by {day}, although gusts of {big2} kilometres an hour are possible on the coast.",
        "{name}, a duty forecaster, said the pattern was typical for the time of year.",
        "Gardeners were advised to protect young plants from a late frost forecast for {day} night.",
        "Schools in the hills above {town3} opened late on {day} after snow settled on minor roads overnight.",
        "The national forecaster issued a yellow warning for wind covering the western half of the region.",
        "Ferry operators cancelled {small} sailings and advised passengers to check before travelling.",
        "Farmers said the wet autumn had delayed planting, although pasture was in good condition.",
        "Night-time temperatures could fall to minus {small} degrees in sheltered valleys.",
        "Rail services between {town} and {town2} ran at reduced speed because of fallen leaves on the line.",
        "Longer-range forecasts suggest a drier spell for the second half of the month.",
    ],
    "company results": [
        "{firm} reported a {n} percent rise in quarterly profit on {day}, helped by strong holiday demand.",
        "Revenue reached {big} million, slightly ahead of what analysts had expected.",
        "Chief executive {name} said costs had eased and the group would open {n} new branches next year.",
        "Shares in {firm} rose {small} percent in early trading before settling.",
        "The company kept its dividend unchanged and repeated its outlook for the full year.",
        "Analysts at a {town} brokerage said margins could come under pressure if wages keep rising.",
        "{firm} also said it had refinanced a loan due next spring on better terms.",
        "Online orders made up {n} percent of sales, up from a year earlier, as more customers used the new app.",
        "The group closed {small} underperforming stores during the quarter and moved staff to nearby branches.",
        "Its finance director said the company would keep a close eye on energy bills over the winter.",
        "Staff will receive a one-off bonus after the strong trading period, the board said.",
        "The results were published before the market opened, and the company will host a call for investors on {day}.",
        "Net debt fell to {big} million, giving the business room to invest in its distribution centres.",
        "Rivals have reported mixed figures, with some warning of weaker spending in the months ahead.",
    ],
    "local politics": [
        "{town} council voted {n} to {small} on {day} to approve a new parking plan for the high street.",
        "Councillor {name} said the changes would ease congestion near the school gates.",
        "Residents packed the chamber, and several asked for the plan to be delayed until after the summer.",
        "The budget for road repairs rises to {big} thousand next year, the finance committee said.",
        "Opposition members argued that small shops would lose trade while the works went on.",
        "A public consultation on the new library in {town2} closes at the end of the month.",
        "The mayor, {name}, promised a report on bus services before the next full council meeting.",
        "Shopkeepers on Market Street collected more than {big} signatures against the proposal.",
        "The plan includes {n} new cycle racks and wider pavements outside the railway station.",
        "A separate motion on street lighting was deferred after a long debate.",
        "Officers said the scheme would be reviewed after six months, and changes made if needed.",
        "The local elections are due next spring, and several seats are expected to be close.",
        "Council tax will rise by {small} percent, slightly below the limit set by the government.",
        "A petition to save the swimming pool in {town3} will be discussed at the next committee.",
    ],
}


def _section(rng: random.Random, genre: str) -> tuple[str, list[str]]:
    towns = rng.sample(TOWNS, 3)
    fill = {"town": towns[0], "town2": towns[1], "town3": towns[2], "day": rng.choice(DAYS),
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "firm": rng.choice(FIRMS),
            "g1": rng.randint(1, 4), "g2": rng.randint(0, 1), "n": rng.randint(3, 40), "small": rng.randint(1, 9),
            "rank": rng.randint(4, 18), "big": rng.randint(120, 9800), "big2": rng.randint(60, 110)}
    lines = rng.sample(GENRES[genre], rng.randint(10, 13))
    paragraphs = [" ".join(line.format(**fill) for line in lines[i:i + 2]) for i in range(0, len(lines), 2)]
    return f"{towns[0]}: {genre} update for {fill['day']}", paragraphs


def off_topic_article(rng: random.Random) -> tuple[str, str]:
    """(title, body) of one off-topic article: a regional round-up of one to three sections of different
    genres, each of ten to thirteen sentences (about 180 words), under its own heading: about as long as
    the on-topic articles, so that 1 in 10 articles is also about 1 in 10 of the text."""
    genres = rng.sample(sorted(GENRES), rng.randint(1, 3))
    sections = [_section(rng, genre) for genre in genres]
    body = "\n\n".join(f"{genre.capitalize()}\n\n" + "\n\n".join(paragraphs)
                        for genre, (_, paragraphs) in zip(genres, sections))
    return sections[0][0], body
