"""KeyRing Living Support Networks: about nine people with a support need who live within walking
distance of each other, and one Community Living Volunteer who lives among them."""
