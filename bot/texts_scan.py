"""The self-scan's sentences in Dutch, English and French (merged into bot.texts.TEXTS).

The questions, answers, areas, profiles and training offers themselves are the city's, in the scan YAML
(skills/data/scan.yaml); these are the bot's words around them.
"""
from __future__ import annotations

SCAN_TEXTS: dict[str, dict[str, str]] = {
    "scan_button": {"nl": "Doe de digiscan", "en": "Take the skills scan", "fr": "Faire le scan numérique"},
    "scan_intro": {
        "nl": "De digiscan: {count} korte vragen over wat je digitaal al kan. Er is geen fout antwoord. "
        "Je resultaat zie jij; een ander alleen als je dat zelf wil. Stoppen kan altijd; met /scan ga je later verder.",
        "en": "The skills scan: {count} short questions about what you can already do digitally. There is no wrong "
        "answer. You see your result; someone else only if you want. You can stop any time; /scan picks up later.",
        "fr": "Le scan numérique : {count} questions courtes sur ce que vous savez déjà faire. Il n'y a pas de mauvaise "
        "réponse. Vous voyez votre résultat ; une autre personne seulement si vous le voulez. Vous pouvez arrêter à "
        "tout moment ; /scan pour continuer plus tard.",
    },
    "scan_resume": {
        "nl": "Welkom terug! We gaan verder bij vraag {number} van {count}.",
        "en": "Welcome back! We continue with question {number} of {count}.",
        "fr": "Bon retour ! Nous reprenons à la question {number} sur {count}.",
    },
    "scan_question": {
        "nl": "Vraag {number} van {count}: {area}\n{question}\nHoe goed lukt je dat?",
        "en": "Question {number} of {count}: {area}\n{question}\nHow well can you do this?",
        "fr": "Question {number} sur {count} : {area}\n{question}\nDans quelle mesure y arrivez-vous ?",
    },
    "scan_attitude_question": {
        "nl": "Vraag {number} van {count}\n{question}",
        "en": "Question {number} of {count}\n{question}",
        "fr": "Question {number} sur {count}\n{question}",
    },
    "scan_stop": {"nl": "Stoppen", "en": "Stop", "fr": "Arrêter"},
    "scan_stopped": {
        "nl": "Je antwoorden zijn bewaard ({answered} van {count}). Typ /scan om later verder te gaan.",
        "en": "Your answers are saved ({answered} of {count}). Type /scan to carry on later.",
        "fr": "Vos réponses sont enregistrées ({answered} sur {count}). Tapez /scan pour continuer plus tard.",
    },
    "scan_pick_button": {
        "nl": "Kies een van de antwoorden hieronder (of typ het nummer). Stoppen kan ook.",
        "en": "Please pick one of the answers below (or type its number). You can also stop.",
        "fr": "Choisissez une des réponses ci-dessous (ou tapez son numéro). Vous pouvez aussi arrêter.",
    },
    "scan_paused": {
        "nl": "De digiscan staat even op pauze; typ /scan om verder te gaan.",
        "en": "The skills scan is paused; type /scan to carry on.",
        "fr": "Le scan numérique est en pause ; tapez /scan pour continuer.",
    },
    "scan_result_title": {
        "nl": "Je resultaat van de digiscan",
        "en": "Your skills scan result",
        "fr": "Votre résultat du scan numérique",
    },
    "scan_strengths": {"nl": "Sterk: {areas}.", "en": "Strong: {areas}.", "fr": "Points forts : {areas}."},
    "scan_weak": {"nl": "Om aan te werken: {areas}.", "en": "To work on: {areas}.", "fr": "À travailler : {areas}."},
    "scan_no_weak": {
        "nl": "Om aan te werken: niets dringends. Goed bezig!",
        "en": "To work on: nothing urgent. Well done!",
        "fr": "À travailler : rien d'urgent. Bravo !",
    },
    "scan_profile": {"nl": "Je profiel: {name}. {text}", "en": "Your profile: {name}. {text}", "fr": "Votre profil : {name}. {text}"},
    "scan_change": {
        "nl": "Sinds je vorige scan ({date}): {what}.",
        "en": "Since your last scan ({date}): {what}.",
        "fr": "Depuis votre dernier scan ({date}) : {what}.",
    },
    "scan_change_better": {"nl": "beter in {areas}", "en": "better at {areas}", "fr": "mieux en {areas}"},
    "scan_change_worse": {"nl": "minder sterk in {areas}", "en": "less strong at {areas}", "fr": "moins à l'aise en {areas}"},
    "scan_change_same": {"nl": "ongeveer hetzelfde", "en": "about the same", "fr": "à peu près pareil"},
    "scan_profile_before": {
        "nl": "Vorige keer was je profiel: {name}.",
        "en": "Last time your profile was: {name}.",
        "fr": "La dernière fois, votre profil était : {name}.",
    },
    "scan_training_line": {"nl": "Opleiding: {name}. {for_whom} {sign_up}", "en": "Training: {name}. {for_whom} {sign_up}",
                           "fr": "Formation : {name}. {for_whom} {sign_up}"},
    "scan_advice": {
        "nl": "Wat kan je nu doen? Kies hieronder.",
        "en": "What can you do now? Pick below.",
        "fr": "Que faire maintenant ? Choisissez ci-dessous.",
    },
    "scan_more_advice": {"nl": "Meer hulp bij je werkpunten:", "en": "More help with what to work on:", "fr": "Plus d'aide pour progresser :"},
    "scan_train_button": {"nl": "Ik wil me inschrijven: {name}", "en": "I want to sign up: {name}", "fr": "Je veux m'inscrire : {name}"},
    "scan_coach_button": {"nl": "Praat met een digicoach", "en": "Talk to a digicoach", "fr": "Parler à un digicoach"},
    "scan_no_result": {
        "nl": "Je hebt nog geen digiscan gedaan. Typ /scan om te beginnen.",
        "en": "You have not taken the skills scan yet. Type /scan to start.",
        "fr": "Vous n'avez pas encore fait le scan numérique. Tapez /scan pour commencer.",
    },
    "scan_consent_ask": {
        "nl": "Mag de digicoach die je helpt je scanresultaat zien (je profiel en je werkpunten)? Dan kan die je beter helpen.",
        "en": "May the digicoach who helps you see your scan result (your profile and what to work on)? It helps them help you.",
        "fr": "Le digicoach qui vous aide peut-il voir votre résultat (votre profil et vos points à travailler) ? "
        "Il pourra mieux vous aider.",
    },
    "scan_consent_yes": {"nl": "Ja, dat mag", "en": "Yes, that's fine", "fr": "Oui, d'accord"},
    "scan_consent_no": {"nl": "Nee, liever niet", "en": "No, rather not", "fr": "Non, plutôt pas"},
    "scan_learning_question": {
        "nl": "Leervraag na de digiscan: ik wil beter worden in {areas}.",
        "en": "Learning question after the skills scan: I want to get better at {areas}.",
        "fr": "Question d'apprentissage après le scan : je veux progresser en {areas}.",
    },
    "scan_learning_general": {
        "nl": "Leervraag na de digiscan: ik wil verder leren.",
        "en": "Learning question after the skills scan: I want to keep learning.",
        "fr": "Question d'apprentissage après le scan : je veux continuer à apprendre.",
    },
    "scan_already_open": {
        "nl": "Je hebt al een vraag open (#{ticket}). De digicoach die je helpt, kan je ook hierbij helpen.",
        "en": "You already have a question open (#{ticket}). The digicoach who helps you can help with this too.",
        "fr": "Vous avez déjà une question ouverte (#{ticket}). Le digicoach qui vous aide peut aussi vous aider pour ceci.",
    },
    "scan_erase_ask": {
        "nl": "Wil je al je digiscan-resultaten wissen? Dat kan niet ongedaan worden.",
        "en": "Do you want to delete all your skills scan results? This cannot be undone.",
        "fr": "Voulez-vous effacer tous vos résultats du scan numérique ? C'est définitif.",
    },
    "scan_erase_yes": {"nl": "Ja, wis alles", "en": "Yes, delete all", "fr": "Oui, tout effacer"},
    "scan_erase_no": {"nl": "Nee, bewaren", "en": "No, keep them", "fr": "Non, garder"},
    "scan_erased": {
        "nl": "Je digiscan-resultaten zijn gewist ({count}).",
        "en": "Your skills scan results are deleted ({count}).",
        "fr": "Vos résultats du scan numérique sont effacés ({count}).",
    },
    "scan_erase_none": {"nl": "Er was niets te wissen.", "en": "There was nothing to delete.", "fr": "Il n'y avait rien à effacer."},
    "scan_erase_kept": {"nl": "Goed, niets gewist.", "en": "Fine, nothing deleted.", "fr": "D'accord, rien n'est effacé."},
    "scan_usage": {
        "nl": "/scan: de digiscan doen of verdergaan\n/scan resultaat: je laatste resultaat\n/scan wissen: je resultaten wissen",
        "en": "/scan: take or continue the skills scan\n/scan result: your last result\n/scan delete: delete your results",
        "fr": "/scan : faire ou continuer le scan\n/scan résultat : votre dernier résultat\n/scan effacer : effacer vos résultats",
    },
    "scan_offer_after_help": {
        "nl": "Wil je weten waar je al sterk in bent en wat je nog kan leren? Doe de digiscan: {count} korte vragen.",
        "en": "Want to know what you are good at and what you could learn? Take the skills scan: {count} short questions.",
        "fr": "Envie de savoir ce que vous maîtrisez et ce que vous pourriez apprendre ? Faites le scan : {count} questions courtes.",
    },
    "training_requested": {
        "nl": "Je vraag om je in te schrijven voor {training} is doorgegeven aan je coördinator. "
        "Je krijgt een bericht zodra je ingepland bent.",
        "en": "Your request to sign up for {training} has gone to your coordinator. You'll get a message once you're booked in.",
        "fr": "Votre demande d'inscription à {training} est transmise à votre coordinateur. "
        "Vous recevrez un message dès que vous serez inscrit(e).",
    },
    "training_requested_again": {
        "nl": "Je vroeg al om je in te schrijven voor {training}; je coördinator heeft je vraag. "
        "Je krijgt een bericht zodra je ingepland bent.",
        "en": "You already asked to sign up for {training}; your coordinator has it. You'll get a message once you're booked in.",
        "fr": "Vous avez déjà demandé l'inscription à {training} ; votre coordinateur l'a reçue. "
        "Vous recevrez un message dès que vous serez inscrit(e).",
    },
    "training_request_coordinator": {
        "nl": "Inschrijving #{request}: {name} ({department}) wil de opleiding {training} volgen. Kies Ingepland zodra het vastligt.",
        "en": "Sign-up #{request}: {name} ({department}) wants to take the training {training}. Choose Planned once it is booked.",
        "fr": "Inscription #{request} : {name} ({department}) veut suivre la formation {training}. Choisissez Planifié une fois "
        "la date fixée.",
    },
    "training_planned_button": {"nl": "Ingepland", "en": "Planned", "fr": "Planifié"},
    "training_done_button": {"nl": "Gevolgd", "en": "Done", "fr": "Suivi"},
    "training_state_requested": {"nl": "aangevraagd", "en": "requested", "fr": "demandé"},
    "training_state_planned": {"nl": "ingepland", "en": "planned", "fr": "planifié"},
    "training_state_done": {"nl": "gevolgd", "en": "done", "fr": "suivi"},
    "training_marked": {
        "nl": "Inschrijving #{request} staat nu op {state}. {name} krijgt een bericht.",
        "en": "Sign-up #{request} is now {state}. {name} gets a message.",
        "fr": "L'inscription #{request} est maintenant « {state} ». {name} reçoit un message.",
    },
    "training_already": {
        "nl": "Inschrijving #{request} staat al op {state} (door {by}).",
        "en": "Sign-up #{request} is already {state} (by {by}).",
        "fr": "L'inscription #{request} est déjà « {state} » (par {by}).",
    },
    "training_planned_employee": {
        "nl": "Goed nieuws: je bent ingepland voor {training}. Je coördinator laat je weten wanneer en waar.",
        "en": "Good news: you are booked in for {training}. Your coordinator will tell you when and where.",
        "fr": "Bonne nouvelle : vous êtes inscrit(e) à {training}. Votre coordinateur vous dira quand et où.",
    },
    "training_done_employee": {
        "nl": "Proficiat met je opleiding {training}! Benieuwd wat er veranderd is? Doe de digiscan nog eens.",
        "en": "Congratulations on your training {training}! Curious what changed? Take the skills scan again.",
        "fr": "Félicitations pour votre formation {training} ! Curieux de voir ce qui a changé ? Refaites le scan.",
    },
    "story_learning": {
        "nl": "Leervraag na de digiscan.",
        "en": "Learning question after the skills scan.",
        "fr": "Question d'apprentissage après le scan numérique.",
    },
    "story_learning_profile": {
        "nl": "Scanresultaat (gedeeld door de collega): {profile}; om aan te werken: {areas}.",
        "en": "Scan result (shared by your colleague): {profile}; to work on: {areas}.",
        "fr": "Résultat du scan (partagé par le collègue) : {profile} ; à travailler : {areas}.",
    },
    "story_learning_private": {
        "nl": "De collega deelt het scanresultaat niet; vraag gerust wat die wil leren.",
        "en": "Your colleague does not share the scan result; just ask what they want to learn.",
        "fr": "Le collègue ne partage pas son résultat ; demandez-lui ce qu'il veut apprendre.",
    },
    "scan_nothing": {"nl": "niets", "en": "nothing", "fr": "rien"},
    "digest_scans": {
        "nl": "Digiscan (groepen van minder dan {k} mensen samen of niet getoond)",
        "en": "Skills scan (groups under {k} people merged or not shown)",
        "fr": "Scan numérique (groupes de moins de {k} personnes regroupés ou masqués)",
    },
    "digest_scans_line": {
        "nl": "Digiscan: {week} deze week; ronde {round}: {people} mensen, {requested} vroegen een opleiding, {done} volgden er een.",
        "en": "Skills scan: {week} this week; round {round}: {people} people, {requested} asked for training, {done} took one.",
        "fr": "Scan numérique : {week} cette semaine ; tour {round} : {people} personnes, {requested} ont demandé une formation, "
        "{done} l'ont suivie.",
    },
    "digest_fewer_than": {"nl": "minder dan {k}", "en": "fewer than {k}", "fr": "moins de {k}"},
    "digest_other_departments": {"nl": "Andere afdelingen samen", "en": "Other departments together", "fr": "Autres services ensemble"},
    "digest_people": {"nl": "Mensen", "en": "People", "fr": "Personnes"},
    "digest_weak_areas": {"nl": "Om aan te werken", "en": "To work on", "fr": "À travailler"},
    "digest_round": {"nl": "Ronde", "en": "Round", "fr": "Tour"},
    "digest_funnel": {
        "nl": "scan {scanned} → advies {advice} → opleiding gevraagd {requested} → ingepland {planned} → gevolgd {done}",
        "en": "scan {scanned} → advice {advice} → training asked {requested} → planned {planned} → done {done}",
        "fr": "scan {scanned} → conseil {advice} → formation demandée {requested} → planifiée {planned} → suivie {done}",
    },
}
